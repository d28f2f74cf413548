import { taskBank } from '../task-context.js';
import { applyRetention, type RetentionInput } from './retention-run.js';

export interface ApplyRetentionInput {
  readonly request: RetentionInput;
  /** `$$.Execution.Id`: a retried task hands over the same checkpoints */
  readonly execution_id: string;
}

export const applyRetentionTask = (input: ApplyRetentionInput) =>
  applyRetention(taskBank(), input.request, input.execution_id, new Date());
