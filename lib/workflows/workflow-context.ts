import type { RunKind } from './runs/resource-runs.js';

/**
 * What every task of a run receives as `$.context`: ids only (Step Functions payloads stay
 * small); everything else is read from the Bank. `run_id` names the run's resource items: the
 * checkpoint id for protect, the restore or verification id otherwise.
 */
export interface WorkflowContext {
  readonly kind: RunKind;
  readonly project_id: string;
  readonly provider_id: string;
  readonly checkpoint_id: string;
  readonly run_id: string;
  readonly operation_log_id: string | null;
  readonly plan_id?: string | null;
  /** the Keystone trust the requesting user gave the Karbor service user (keystone mode) */
  readonly trust_id?: string | null;
  readonly started_at: string;
  /** restore, verify: the checkpoint's project when it is not `project_id` (an admin's run) */
  readonly checkpoint_project_id?: string | null;
  /** restore: the Keystone URL of the target cloud; its credentials are the RESTOREAUTH item */
  readonly restore_target?: string | null;
}
