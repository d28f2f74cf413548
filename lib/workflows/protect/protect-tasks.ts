import { taskFailureReason } from '../drivers/advance.js';
import { taskBank, taskRuns } from '../task-context.js';
import type { WorkflowContext } from '../workflow-context.js';
import { finishProtect, type ProtectRequest, startProtect } from './protect-run.js';

export const startProtectTask = (input: ProtectRequest) => startProtect(taskBank(), input, new Date());

export interface FinishProtectInput {
  /** the run, once StartProtect made it */
  readonly context?: WorkflowContext;
  /** the execution's input, when StartProtect itself failed */
  readonly request?: Partial<ProtectRequest>;
  /** set on the Catch paths: why the workflow stopped */
  readonly error?: { readonly Error?: string; readonly Cause?: string } | null;
}

const contextOfRequest = (request: Partial<ProtectRequest>, now: Date): WorkflowContext | undefined =>
  request.project_id && request.checkpoint_id
    ? {
        kind: 'protect',
        project_id: request.project_id,
        provider_id: request.provider_id ?? '',
        checkpoint_id: request.checkpoint_id,
        run_id: request.checkpoint_id,
        plan_id: request.plan_id ?? null,
        operation_log_id: request.operation_log_id ?? null,
        trust_id: request.trust_id ?? null,
        started_at: now.toISOString(),
      }
    : undefined;

export const finishProtectTask = async (input: FinishProtectInput) => {
  const now = new Date();
  const context = input.context ?? contextOfRequest(input.request ?? {}, now);
  // a scheduled run that failed before it made its checkpoint has nothing to mark
  if (!context) return { status: 'error' as const };
  return finishProtect(taskBank(), taskRuns(), context, now, {
    workflowError: input.error ? taskFailureReason(input.error) : undefined,
  });
};
