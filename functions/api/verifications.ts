import { verificationControllers } from '../../lib/karbor/controllers/runs.js';
import { apiServices } from '../../lib/karbor/default-services.js';
import { createGroupHandler } from '../../lib/karbor/http/group-handler.js';

export const handler = createGroupHandler('verifications', verificationControllers, apiServices);
