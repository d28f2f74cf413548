import { taskHandler } from '../../lib/workflows/task-handler.js';
import { finishVerifyTask } from '../../lib/workflows/verify/verify-tasks.js';

export const handler = taskHandler('finish-verify', finishVerifyTask);
