import { sessionProtectables } from '../../karbor/openstack-protectables.js';
import { logger } from '../../observability/powertools.js';
import { type FinishInput, finishOptionsOf } from '../states-error.js';
import { projectSession, taskBank, taskRuns, taskScheduler } from '../task-context.js';
import type { WorkflowContext } from '../workflow-context.js';
import { finishProtect, type ProtectRequest, type ProtectStart, startProtect } from './protect-run.js';
import { type ScheduledRunInput, startScheduledProtect } from './scheduled-protect.js';

export interface StartProtectInput {
  /** the execution's input: a checkpoint the API made, or a scheduled operation's run */
  readonly request: ProtectRequest | ScheduledRunInput;
  /** `$$.Execution.Id`: a retried start of a scheduled run finds the checkpoint it made */
  readonly execution_id?: string;
}

/** What StartProtect hands the state machine; `skipped` runs end at once. */
export type StartProtectOutput =
  | (ProtectStart & { readonly skipped: false; readonly reason: '' })
  | { readonly skipped: true; readonly reason: string; readonly context: null; readonly waves: [] };

const isScheduled = (request: StartProtectInput['request']): request is ScheduledRunInput =>
  !('checkpoint_id' in request && request.checkpoint_id) && 'scheduled_operation_id' in request;

export const startProtectTask = async (
  input: StartProtectInput | ProtectRequest,
): Promise<StartProtectOutput> => {
  const { request, execution_id: executionId } =
    'request' in input ? input : { request: input, execution_id: undefined };
  const bank = taskBank();
  const now = new Date();
  if (!isScheduled(request))
    return { ...(await startProtect(bank, request, now)), skipped: false, reason: '' };
  const scheduled = await startScheduledProtect(
    {
      bank,
      now,
      scheduler: taskScheduler(),
      protectables: (operation) =>
        sessionProtectables(operation.project_id, () =>
          projectSession({ project_id: operation.project_id, trust_id: operation.trust_id ?? null }),
        ),
    },
    request,
    executionId ?? `run-${now.getTime()}`,
  );
  if (scheduled.skipped) {
    logger.info('scheduled protect skipped', { reason: scheduled.reason });
    return { skipped: true, reason: scheduled.reason, context: null, waves: [] };
  }
  try {
    return { ...(await startProtect(bank, scheduled.request, now)), skipped: false, reason: '' };
  } catch (error) {
    // the checkpoint exists now: it must not stay protecting when its run cannot start
    const context = contextOfRequest(scheduled.request, now) as WorkflowContext;
    await finishProtect(bank, taskRuns(), context, now, { workflowError: (error as Error).message });
    throw error;
  }
};

export type FinishProtectInput = FinishInput<ProtectRequest>;

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
  return finishProtect(taskBank(), taskRuns(), context, now, finishOptionsOf(input));
};
