import { taskHandler } from '../../lib/workflows/task-handler.js';
import { startVerifyTask } from '../../lib/workflows/verify/verify-tasks.js';

export const handler = taskHandler('start-verify', startVerifyTask);
