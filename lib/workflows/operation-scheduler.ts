import type { ScheduledOperationRecord, TriggerRecord } from '../bank/records.js';
import type { WorkflowName } from './orchestrator.js';

/**
 * Turns a scheduled operation and its trigger into fire times: EventBridge Scheduler in AWS,
 * an in-process timer locally. Both start the same workflow with the same input.
 */
export interface OperationScheduler {
  /** Creates or replaces the schedule of `operation`. */
  arm(operation: ScheduledOperationRecord, trigger: TriggerRecord): Promise<void>;
  /** Removes the schedule; a missing one is not an error. */
  disarm(operation: ScheduledOperationRecord): Promise<void>;
}

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

export const scheduleName = (operation: ScheduledOperationRecord): string => `karbor-op-${operation.id}`;
