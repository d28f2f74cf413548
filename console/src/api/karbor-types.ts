/**
 * The Karbor v1 objects the console reads, as the API returns them (shared/reference/
 * karbor-api.md §3). Only the fields the console uses are typed.
 */

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly (string | number | boolean)[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly extended_info_schema: {
    readonly options_schema?: Readonly<Record<string, JsonSchema>>;
    readonly restore_schema?: Readonly<Record<string, JsonSchema>>;
  };
}

export interface Resource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly extra_info?: unknown;
}

export interface ProtectableInstance extends Resource {
  readonly dependent_resources: readonly Resource[];
}

/** `{<type>: {<option>: value}}`, keys `Type` or `Type#<resource id>`. */
export type Parameters = Record<string, Record<string, string | number | boolean>>;

export type PlanStatus = 'started' | 'suspended';

export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly provider_id: string;
  readonly status: PlanStatus;
  readonly resources: readonly Resource[];
  readonly parameters: Parameters;
}

export interface Checkpoint {
  readonly id: string;
  readonly project_id: string;
  readonly status: string;
  readonly protection_plan: {
    readonly id: string;
    readonly name: string;
    readonly provider_id?: string;
    readonly resources: readonly Resource[];
  };
  readonly resource_graph: string | null;
  readonly created_at: string | null;
  /** A JSON string, as Karbor returns it. */
  readonly extra_info: string | null;
}

export type RunStatus = 'in_progress' | 'success' | 'fail';

export interface Verification {
  readonly id: string;
  readonly project_id: string;
  readonly provider_id: string;
  readonly checkpoint_id: string;
  readonly parameters: Parameters;
  readonly status: RunStatus;
  /** `{"<type>#<id>": "restoring" | "available" | "error" | …}` */
  readonly resources_status: Readonly<Record<string, string>>;
  readonly resources_reason: Readonly<Record<string, string>>;
}

export interface Restore extends Verification {
  readonly restore_target: string | null;
}

export interface TriggerProperties {
  readonly format?: string;
  readonly pattern?: string;
  readonly start_time?: string;
  readonly end_time?: string;
  readonly window?: string | number;
}

export interface Trigger {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: TriggerProperties;
}

export interface ScheduledOperation {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly operation_type: 'protect' | 'retention_protect' | string;
  readonly trigger_id: string;
  readonly operation_definition: Readonly<Record<string, string>>;
  readonly enabled?: boolean;
}

export interface OperationLog {
  readonly id: string;
  readonly operation_type: string;
  readonly checkpoint_id: string | null;
  readonly plan_id: string | null;
  readonly provider_id: string | null;
  readonly restore_id: string | null;
  readonly scheduled_operation_id: string | null;
  readonly status: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly error_info: string | null;
  readonly extra_info: unknown;
}
