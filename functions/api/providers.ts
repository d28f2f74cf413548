import { providerControllers } from '../../lib/karbor/controllers/providers.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('providers', providerControllers, apiServices);
