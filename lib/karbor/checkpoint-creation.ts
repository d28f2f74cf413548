import { randomUUID } from 'node:crypto';
import type { Bank } from '../bank/bank.js';
import type { CheckpointRecord, OperationLogRecord, PlanRecord } from '../bank/records.js';
import { recordOperationStart } from './operation-log-writer.js';
import type { ProtectablesView } from './protectables-port.js';

/**
 * How a checkpoint is born, shared by the API (`POST …/checkpoints`) and scheduled protect runs
 * (the protect workflow's first task): the plan's resource graph built with the rights of whoever
 * asks, the record in `protecting` with one quota unit charged, and a `protect` operation log.
 * Callers check the plan and provider first and start (or continue) the workflow afterwards.
 */

export class CheckpointGraphFailed extends Error {
  override name = 'CheckpointGraphFailed';
}

export interface NewCheckpoint {
  readonly project_id: string;
  /** the user the checkpoint is made for (the caller, or the scheduled operation's owner) */
  readonly user_id: string;
  readonly plan: PlanRecord;
  readonly provider_id: string;
  /** stored extra info; `created_by` is always set, to `operation-engine` or `manual` */
  readonly extra_info?: Readonly<Record<string, unknown>>;
  readonly scheduled_operation_id?: string | null;
  /** @default a random UUID */
  readonly id?: string;
}

export interface CreatedCheckpoint {
  readonly checkpoint: CheckpointRecord;
  readonly log: OperationLogRecord;
}

/** Builds the plan's resource graph as `protectables` sees it; a failure is CheckpointGraphFailed. */
export const resourceGraphOf = async (protectables: ProtectablesView, plan: PlanRecord): Promise<string> => {
  try {
    return await protectables.buildGraph(
      plan.resources.map((r) => ({ ...r, extra_info: r.extra_info ? JSON.parse(r.extra_info) : null })),
    );
  } catch (error) {
    throw new CheckpointGraphFailed((error as Error).message, { cause: error });
  }
};

/** Stores a `protecting` checkpoint (QuotaExceeded passes through) and opens its operation log. */
export const createCheckpoint = async (
  bank: Bank,
  protectables: ProtectablesView,
  fields: NewCheckpoint,
  now: Date,
): Promise<CreatedCheckpoint> => {
  const resourceGraph = await resourceGraphOf(protectables, fields.plan);
  const extra = { ...(fields.extra_info ?? {}) };
  const { plan } = fields;
  const checkpoint: CheckpointRecord = {
    id: fields.id ?? randomUUID(),
    project_id: fields.project_id,
    created_at: now.toISOString(),
    status: 'protecting',
    provider_id: fields.provider_id,
    plan_id: plan.id,
    protection_plan: {
      id: plan.id,
      name: plan.name,
      provider_id: plan.provider_id,
      resources: plan.resources,
    },
    resource_graph: resourceGraph,
    extra_info: {
      ...extra,
      created_by: extra.created_by === 'operation-engine' ? 'operation-engine' : 'manual',
    },
    owner_user_id: fields.user_id,
  };
  await bank.checkpoints.create(checkpoint);
  const log = await recordOperationStart(bank, {
    project_id: fields.project_id,
    operation_type: 'protect',
    status: 'protecting',
    now,
    checkpoint_id: checkpoint.id,
    plan_id: plan.id,
    provider_id: fields.provider_id,
    scheduled_operation_id:
      fields.scheduled_operation_id ??
      (typeof extra.scheduled_operation_id === 'string' ? extra.scheduled_operation_id : null),
  });
  return { checkpoint, log };
};
