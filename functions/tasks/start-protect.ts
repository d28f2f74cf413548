import { startProtectTask } from '../../lib/workflows/protect/protect-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('start-protect', startProtectTask);
