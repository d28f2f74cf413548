import { finishDeleteTask } from '../../lib/workflows/delete/delete-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('finish-delete', finishDeleteTask);
