import { prepareGcTask } from '../../lib/workflows/gc/gc-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('prepare-gc', prepareGcTask);
