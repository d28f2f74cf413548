import { startRestoreTask } from '../../lib/workflows/restore/restore-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('start-restore', startRestoreTask);
