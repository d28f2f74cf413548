import { triggerControllers } from '../../lib/karbor/controllers/triggers.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('triggers', triggerControllers, apiServices);
