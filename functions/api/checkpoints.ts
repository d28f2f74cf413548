import { checkpointControllers } from '../../lib/karbor/controllers/checkpoints.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('checkpoints', checkpointControllers, apiServices);
