import { type FinishInput, finishOptionsOf } from '../states-error.js';
import { targetSession, taskBank, taskRuns } from '../task-context.js';
import type { WorkflowContext } from '../workflow-context.js';
import { finishRestore, type RestoreRequest, startRestore } from './restore-run.js';

export const startRestoreTask = (input: RestoreRequest) =>
  startRestore({ bank: taskBank(), targetSession }, input, new Date());

export type FinishRestoreInput = FinishInput<RestoreRequest>;

const contextOfRequest = (request: Partial<RestoreRequest>, now: Date): WorkflowContext | undefined =>
  request.project_id && request.restore_id
    ? {
        kind: 'restore',
        project_id: request.project_id,
        provider_id: request.provider_id ?? '',
        checkpoint_id: request.checkpoint_id ?? '',
        run_id: request.restore_id,
        operation_log_id: request.operation_log_id ?? null,
        trust_id: request.trust_id ?? null,
        started_at: now.toISOString(),
      }
    : undefined;

export const finishRestoreTask = async (input: FinishRestoreInput) => {
  const now = new Date();
  const context = input.context ?? contextOfRequest(input.request ?? {}, now);
  if (!context) return { status: 'fail' as const };
  return finishRestore(taskBank(), taskRuns(), context, now, finishOptionsOf(input));
};
