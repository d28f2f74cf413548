import { scheduledOperationControllers } from '../../lib/karbor/controllers/scheduled-operations.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('scheduled-operations', scheduledOperationControllers, apiServices);
