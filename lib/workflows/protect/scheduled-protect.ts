import type { Bank } from '../../bank/bank.js';
import { ConditionFailed } from '../../bank/bank-errors.js';
import type { ScheduledOperationRecord, TriggerRecord } from '../../bank/records.js';
import { type CreatedCheckpoint, createCheckpoint } from '../../karbor/checkpoint-creation.js';
import type { ProtectablesView } from '../../karbor/protectables-port.js';
import { logger } from '../../observability/powertools.js';
import { isWithinWindow, scheduleFromProperties } from '../../schedules/index.js';
import type { OperationScheduler } from '../operation-scheduler.js';
import type { ProtectRequest } from './protect-run.js';
import { scheduledCheckpointId } from './scheduled-checkpoint-id.js';

export { scheduledCheckpointId };

/**
 * A protect run started by a schedule (EventBridge Scheduler, or the local scheduler) arrives
 * with the operation and its occurrence only: it makes its own checkpoint, as Karbor's
 * operation engine did through the API, but with the operation user's delegated session and
 * extra info that says so. It is skipped, with nothing created, when the operation is gone,
 * the plan is not `started`, or the occurrence's window has passed; when the operation engine
 * (`karbor-operationengine`) is disabled it is skipped with an operation log that says so.
 * Whatever it decides, it first arms the operation's next occurrence (scheduler port's
 * `occurrenceFired`): on AWS a one-time `at()` schedule fires once and this is what moves it on.
 */

export interface ScheduledRunInput {
  readonly project_id: string;
  readonly scheduled_operation_id: string;
  readonly trigger_id?: string;
  /** when the schedule meant to fire (ISO time); absent for a run started by hand */
  readonly occurrence?: string | null;
}

export type ScheduledStart =
  | { readonly skipped: true; readonly reason: string }
  | { readonly skipped: false; readonly request: ProtectRequest };

export interface ScheduledProtectDependencies {
  readonly bank: Bank;
  /** arms the next occurrence after the one that fired */
  readonly scheduler: OperationScheduler;
  /** the protectables as the operation's user sees them (through the operation's trust) */
  readonly protectables: (operation: ScheduledOperationRecord) => ProtectablesView;
  readonly now: Date;
}

const requestOf = (
  created: Pick<CreatedCheckpoint, 'checkpoint'> & { logId: string | null },
  trust?: string | null,
): ProtectRequest => ({
  project_id: created.checkpoint.project_id,
  checkpoint_id: created.checkpoint.id,
  provider_id: created.checkpoint.provider_id,
  plan_id: created.checkpoint.plan_id,
  operation_log_id: created.logId,
  trust_id: trust ?? null,
});

/** Logs a skipped occurrence once (its id derives from the occurrence, as the checkpoint's does). */
const recordSkippedOccurrence = async (
  bank: Bank,
  operation: ScheduledOperationRecord,
  occurrence: string,
  reason: string,
  now: Date,
): Promise<void> => {
  await bank.operationLogs
    .create({
      id: scheduledCheckpointId(operation.id, `skipped@${occurrence}`),
      project_id: operation.project_id,
      created_at: now.toISOString(),
      operation_type: 'protect',
      checkpoint_id: null,
      plan_id: operation.operation_definition.plan_id ?? null,
      provider_id: operation.operation_definition.provider_id ?? null,
      restore_id: null,
      scheduled_operation_id: operation.id,
      status: 'skipped',
      started_at: now.toISOString(),
      ended_at: now.toISOString(),
      error_info: reason,
      extra_info: null,
    })
    .catch((error: unknown) => {
      if (!(error instanceof ConditionFailed)) throw error;
    });
};

/** Arms the next occurrence; a failure is logged, not fatal: this occurrence still runs. */
const armNextOccurrence = async (
  scheduler: OperationScheduler,
  operation: ScheduledOperationRecord,
  trigger: TriggerRecord,
  occurrence: string,
): Promise<void> => {
  try {
    await scheduler.occurrenceFired(operation, trigger, new Date(occurrence));
  } catch (error) {
    logger.error('the next occurrence of a scheduled operation could not be armed', {
      operationId: operation.id,
      occurrence,
      error,
    });
  }
};

const operationEngineDisabled = async (bank: Bank): Promise<boolean> =>
  (await bank.services.list()).some((s) => s.binary === 'karbor-operationengine' && s.status === 'disabled');

export const startScheduledProtect = async (
  deps: ScheduledProtectDependencies,
  input: ScheduledRunInput,
  executionId: string,
): Promise<ScheduledStart> => {
  const { bank, now } = deps;
  const operation = await bank.scheduledOperations.get(input.project_id, input.scheduled_operation_id);
  if (!operation) {
    // a delivery in flight when the operation was deleted: make sure nothing fires again
    await deps.scheduler.disarm({ id: input.scheduled_operation_id }).catch(() => undefined);
    return { skipped: true, reason: `scheduled operation ${input.scheduled_operation_id} is gone` };
  }
  const trigger = await bank.triggers.get(operation.project_id, operation.trigger_id);
  if (!trigger) return { skipped: true, reason: `trigger ${operation.trigger_id} is gone` };
  if (input.occurrence) await armNextOccurrence(deps.scheduler, operation, trigger, input.occurrence);

  const id = scheduledCheckpointId(operation.id, input.occurrence ?? executionId);
  const existing = await bank.checkpoints.get(operation.project_id, id);
  if (existing) {
    if (existing.extra_info.workflow_execution !== executionId)
      return { skipped: true, reason: `checkpoint ${id} was already made for this occurrence` };
    const logId =
      typeof existing.extra_info.operation_log_id === 'string' ? existing.extra_info.operation_log_id : null;
    return { skipped: false, request: requestOf({ checkpoint: existing, logId }, operation.trust_id) };
  }

  if (await operationEngineDisabled(bank)) {
    const reason = 'the operation engine (karbor-operationengine) is disabled';
    await recordSkippedOccurrence(bank, operation, input.occurrence ?? executionId, reason, now);
    return { skipped: true, reason };
  }
  if (input.occurrence) {
    const occurrence = new Date(input.occurrence);
    if (!isWithinWindow(scheduleFromProperties(trigger.properties), occurrence, now))
      return {
        skipped: true,
        reason: `dropped_out_of_window: ${input.occurrence} fired at ${now.toISOString()}`,
      };
  }
  const definition = operation.operation_definition;
  const plan = await bank.plans.get(operation.project_id, definition.plan_id ?? '');
  if (!plan) return { skipped: true, reason: `plan ${definition.plan_id} is gone` };
  if (plan.status !== 'started')
    return { skipped: true, reason: `plan ${plan.id} is ${plan.status}, not started` };

  let created: CreatedCheckpoint;
  try {
    created = await createCheckpoint(
      bank,
      deps.protectables(operation),
      {
        id,
        project_id: operation.project_id,
        user_id: operation.user_id,
        plan,
        provider_id: plan.provider_id,
        scheduled_operation_id: operation.id,
        extra_info: {
          created_by: 'operation-engine',
          scheduled_operation_id: operation.id,
          trigger_id: operation.trigger_id,
          workflow_execution: executionId,
          ...(input.occurrence ? { occurrence: input.occurrence } : {}),
        },
      },
      now,
    );
  } catch (error) {
    // a second delivery of the same occurrence won the race to create it
    const winner = await bank.checkpoints.get(operation.project_id, id);
    if (winner && winner.extra_info.workflow_execution !== executionId)
      return { skipped: true, reason: `checkpoint ${id} was already made for this occurrence` };
    throw error;
  }
  await bank.checkpoints.update(operation.project_id, id, {
    extra_info: { ...created.checkpoint.extra_info, operation_log_id: created.log.id },
  });
  return {
    skipped: false,
    request: requestOf({ checkpoint: created.checkpoint, logId: created.log.id }, operation.trust_id),
  };
};
