import { quotaClassControllers } from '../../lib/karbor/controllers/quotas.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('quota-classes', quotaClassControllers, apiServices);
