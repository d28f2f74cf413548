import type { ScheduledOperationRecord, TriggerRecord } from '../bank/records.js';
import type { WorkflowName } from './orchestrator.js';

/**
 * Turns a scheduled operation and its trigger into fire times: EventBridge Scheduler in AWS,
 * an in-process timer locally (two adapters, one contract, one conformance suite:
 * scheduler-conformance.ts). Both start the same workflow with the same input; the run's
 * first step (StartProtect, also inside retention) checks the window and the operation
 * engine's status and calls `occurrenceFired`, so everything after a fire is shared code.
 */
export interface OperationScheduler {
  /** Creates or replaces the schedule of `operation` from now on; removes it when no occurrence is left. */
  arm(operation: ScheduledOperationRecord, trigger: TriggerRecord): Promise<void>;
  /** Removes the schedule; a missing one is not an error. */
  disarm(operation: ScheduledOperationRef): Promise<void>;
  /**
   * `occurrence` fired: arms the occurrence after it, or removes the schedule when the rule is
   * exhausted (COUNT, UNTIL, end_time). Idempotent, so a retried first step may call it again.
   */
  occurrenceFired(
    operation: ScheduledOperationRecord,
    trigger: TriggerRecord,
    occurrence: Date,
  ): Promise<void>;
}

/** What names a schedule: the operation's id. */
export type ScheduledOperationRef = Pick<ScheduledOperationRecord, 'id'>;

export class SchedulerUnavailable extends Error {
  override name = 'SchedulerUnavailable';
}

/** `protect` runs the protect workflow; `retention_protect` the retention one (protect, then prune). */
export const workflowOfOperation = (operationType: string): WorkflowName =>
  operationType === 'retention_protect' ? 'retention' : 'protect';

/** What a fired schedule hands to its workflow; the workflow reads everything else from the Bank. */
export const scheduledRunInput = (operation: ScheduledOperationRecord) => ({
  project_id: operation.project_id,
  scheduled_operation_id: operation.id,
  trigger_id: operation.trigger_id,
});

export const scheduleName = (operation: ScheduledOperationRef): string => `karbor-op-${operation.id}`;
