import { protectableControllers } from '../../lib/karbor/controllers/protectables.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('protectables', protectableControllers, apiServices);
