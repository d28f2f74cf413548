import { createHash } from 'node:crypto';
import type { Bank } from '../../bank/bank.js';
import type { ScheduledOperationRecord } from '../../bank/records.js';
import { type CreatedCheckpoint, createCheckpoint } from '../../karbor/checkpoint-creation.js';
import type { ProtectablesView } from '../../karbor/protectables-port.js';
import { isWithinWindow, scheduleFromProperties } from '../../schedules/index.js';
import type { ProtectRequest } from './protect-run.js';

/**
 * A protect run started by a schedule (EventBridge Scheduler, or the local scheduler) arrives
 * with the operation and its occurrence only: it makes its own checkpoint, as Karbor's
 * operation engine did through the API, but with the operation user's delegated session and
 * extra info that says so. It is skipped, with nothing created, when the operation is gone,
 * the plan is not `started`, or the occurrence's window has passed.
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
  /** the protectables as the operation's user sees them (through the operation's trust) */
  readonly protectables: (operation: ScheduledOperationRecord) => ProtectablesView;
  readonly now: Date;
}

/**
 * One checkpoint id per operation and occurrence (or execution when there is none), so a retried
 * task finds the checkpoint it made and a schedule delivered twice makes only one.
 */
export const scheduledCheckpointId = (operationId: string, occurrenceOrExecution: string): string => {
  const hex = createHash('sha256').update(`${operationId}@${occurrenceOrExecution}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

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

export const startScheduledProtect = async (
  deps: ScheduledProtectDependencies,
  input: ScheduledRunInput,
  executionId: string,
): Promise<ScheduledStart> => {
  const { bank, now } = deps;
  const operation = await bank.scheduledOperations.get(input.project_id, input.scheduled_operation_id);
  if (!operation)
    return { skipped: true, reason: `scheduled operation ${input.scheduled_operation_id} is gone` };
  const id = scheduledCheckpointId(operation.id, input.occurrence ?? executionId);
  const existing = await bank.checkpoints.get(operation.project_id, id);
  if (existing) {
    if (existing.extra_info.workflow_execution !== executionId)
      return { skipped: true, reason: `checkpoint ${id} was already made for this occurrence` };
    const logId =
      typeof existing.extra_info.operation_log_id === 'string' ? existing.extra_info.operation_log_id : null;
    return { skipped: false, request: requestOf({ checkpoint: existing, logId }, operation.trust_id) };
  }

  const trigger = await bank.triggers.get(operation.project_id, operation.trigger_id);
  if (!trigger) return { skipped: true, reason: `trigger ${operation.trigger_id} is gone` };
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
