import { applyRetentionTask } from '../../lib/workflows/retention/retention-tasks.js';
import { taskHandler } from '../../lib/workflows/task-handler.js';

export const handler = taskHandler('apply-retention', applyRetentionTask);
