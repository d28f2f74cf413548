import { ConditionFailed } from './bank-errors.js';
import type { BankStore } from './bank-store.js';
import { stripKeys } from './bank-store.js';
import { checkpointIndexKeys, checkpointsByPlanKey, checkpointsByProviderKey, itemKinds } from './keys.js';
import { ProjectCollection } from './project-collection.js';
import type { QuotaRepository } from './quota-repository.js';
import type { CheckpointRecord, CheckpointStatus } from './records.js';

/**
 * Checkpoints: listed by provider or plan through their indexes (never a scan), with every
 * status change a conditional write on the current status (docs/DESIGN.md §5).
 */

/** The only transitions a checkpoint may take; resets are the admin's `os-resetState`. */
export const checkpointTransitions: Readonly<Record<string, readonly CheckpointStatus[]>> = {
  available: ['protecting', 'available', 'error', 'copying', 'wait_copying', 'finished'],
  error: ['protecting', 'available', 'error', 'copying', 'wait_copying', 'finished'],
  deleting: ['available', 'error'],
  deleted: ['deleting'],
  'error-deleting': ['deleting'],
};

export class InvalidCheckpointTransition extends ConditionFailed {
  override name = 'InvalidCheckpointTransition';
}

export class CheckpointRepository {
  readonly #store: BankStore;
  readonly #records: ProjectCollection<CheckpointRecord>;

  constructor(store: BankStore, quotas: QuotaRepository) {
    this.#store = store;
    this.#records = new ProjectCollection<CheckpointRecord>(store, itemKinds.checkpoint, quotas);
  }

  create(record: CheckpointRecord): Promise<CheckpointRecord> {
    const keys = checkpointIndexKeys(
      record.project_id,
      record.id,
      record.created_at,
      record.provider_id,
      record.plan_id,
    );
    return this.#records.create(record, { quota: 'checkpoints', indexKeys: keys });
  }

  get(project: string, id: string): Promise<CheckpointRecord | undefined> {
    return this.#records.get(project, id);
  }

  findAnywhere(id: string): Promise<CheckpointRecord | undefined> {
    return this.#records.findAnywhere(id);
  }

  /** Listed checkpoints of a provider (deleted ones have left the index), oldest first. */
  async listByProvider(project: string, provider: string): Promise<CheckpointRecord[]> {
    const items = await this.#store.query({
      index: 'gsi1',
      partition: checkpointsByProviderKey(project, provider),
    });
    return items.map((item) => stripKeys<CheckpointRecord>(item));
  }

  async listByPlan(project: string, plan: string): Promise<CheckpointRecord[]> {
    const items = await this.#store.query({ index: 'gsi2', partition: checkpointsByPlanKey(project, plan) });
    return items.map((item) => stripKeys<CheckpointRecord>(item));
  }

  /** Changes fields other than the status (a workflow's bookkeeping in `extra_info`). */
  update(
    project: string,
    id: string,
    changes: Partial<Omit<CheckpointRecord, 'status' | 'id' | 'project_id'>>,
  ): Promise<CheckpointRecord> {
    return this.#records.update(project, id, changes);
  }

  /**
   * Moves a checkpoint to `to` only from the states `checkpointTransitions` allows (or the
   * narrower `from`). Entering `deleted` removes it from the listing indexes; its record stays
   * so that show still answers `deleted`, as Karbor's index.json does.
   */
  async transition(
    project: string,
    id: string,
    to: CheckpointStatus,
    options: { from?: readonly CheckpointStatus[]; changes?: Partial<CheckpointRecord> } = {},
  ): Promise<CheckpointRecord> {
    const from = options.from ?? checkpointTransitions[to] ?? [];
    const values = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
    const unindex =
      to === 'deleted' ? { gsi1pk: undefined, gsi1sk: undefined, gsi2pk: undefined, gsi2sk: undefined } : {};
    try {
      const updated = await this.#records.update(
        project,
        id,
        { ...options.changes, ...unindex, status: to },
        {
          expression: `#status IN (${Object.keys(values).join(', ')})`,
          names: { '#status': 'status' },
          values,
        },
      );
      // Only the one caller that won the move to `deleted` gives the quota unit back.
      if (to === 'deleted') await this.#records.releaseQuota(project, 'checkpoints');
      return updated;
    } catch (error) {
      if (error instanceof ConditionFailed) {
        throw new InvalidCheckpointTransition(`checkpoint ${id} cannot go to ${to}`, error.current, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
