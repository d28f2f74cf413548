import { advanceResourceTask } from '../../lib/workflows/resource-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('advance-resource', advanceResourceTask);
