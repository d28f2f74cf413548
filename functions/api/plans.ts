import { planControllers } from '../../lib/karbor/controllers/plans.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('plans', planControllers, apiServices);
