import { operationLogControllers } from '../../lib/karbor/controllers/operation-logs.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('operation-logs', operationLogControllers, apiServices);
