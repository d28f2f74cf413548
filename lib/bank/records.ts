import type { BaseRecord } from './project-collection.js';

/** What the Bank stores for each Karbor object; controllers render these into API bodies. */

export interface PlanResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** Stored JSON-encoded, as Karbor does; `undefined` when the client gave none. */
  readonly extra_info?: string | undefined;
}

export interface PlanRecord extends BaseRecord {
  readonly name: string;
  readonly description: string | null;
  readonly provider_id: string;
  readonly status: string;
  readonly resources: readonly PlanResource[];
  /** Leaves already coerced to strings. */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const checkpointStatuses = [
  'protecting',
  'available',
  'error',
  'deleting',
  'deleted',
  'error-deleting',
  'wait_copying',
  'copying',
  'finished',
] as const;
export type CheckpointStatus = (typeof checkpointStatuses)[number];

export interface CheckpointRecord extends BaseRecord {
  readonly status: CheckpointStatus;
  readonly provider_id: string;
  readonly plan_id: string;
  readonly protection_plan: {
    readonly id: string;
    readonly name: string;
    readonly provider_id: string;
    readonly resources: readonly PlanResource[];
  };
  /** JSON text of the packed graph (reference §4.3). */
  readonly resource_graph: string | null;
  /** Object form of what the API returns as a JSON string. */
  readonly extra_info: Readonly<Record<string, unknown>>;
  readonly owner_user_id: string;
}

export interface ResourcesOutcome {
  readonly resources_status: Readonly<Record<string, string>>;
  readonly resources_reason: Readonly<Record<string, string>>;
}

export const runStatuses = ['in_progress', 'success', 'fail'] as const;
export type RunStatus = (typeof runStatuses)[number];

export interface RestoreRecord extends BaseRecord, ResourcesOutcome {
  readonly provider_id: string;
  readonly checkpoint_id: string;
  readonly restore_target: string | null;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly status: RunStatus;
}

export interface VerificationRecord extends BaseRecord, ResourcesOutcome {
  readonly provider_id: string;
  readonly checkpoint_id: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly status: RunStatus;
}

export interface TriggerRecord extends BaseRecord {
  readonly name: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, string>>;
}

export interface ScheduledOperationRecord extends BaseRecord {
  readonly name: string;
  readonly description: string | null;
  readonly operation_type: string;
  readonly trigger_id: string;
  readonly operation_definition: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly user_id: string;
  /** the Keystone trust its runs act with (keystone mode); never shown by the API */
  readonly trust_id?: string | null;
}

export const operationTypes = ['protect', 'restore', 'delete', 'verify', 'copy'] as const;
export type OperationType = (typeof operationTypes)[number];

export interface OperationLogRecord extends BaseRecord {
  readonly operation_type: OperationType;
  readonly checkpoint_id: string | null;
  readonly plan_id: string | null;
  readonly provider_id: string | null;
  readonly restore_id: string | null;
  readonly scheduled_operation_id: string | null;
  readonly status: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly error_info: string | null;
  readonly extra_info: string | null;
}
