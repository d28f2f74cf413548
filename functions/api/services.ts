import { serviceControllers } from '../../lib/karbor/controllers/services.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('services', serviceControllers, apiServices);
