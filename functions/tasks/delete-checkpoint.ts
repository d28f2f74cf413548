import { deleteCheckpointTask } from '../../lib/workflows/delete/delete-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('delete-checkpoint', deleteCheckpointTask);
