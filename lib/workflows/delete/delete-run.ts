import type { Bank } from '../../bank/bank.js';
import { InvalidCheckpointTransition } from '../../bank/checkpoint-repository.js';
import type { CheckpointRecord } from '../../bank/records.js';
import type { ChunkStore } from '../../blocks/chunk-store.js';
import { checkpointPrefix } from '../../blocks/key-layout.js';
import { deleteSnapshot, getSnapshot } from '../../openstack/block-storage/snapshots.js';
import { isNotFound } from '../../openstack/errors.js';
import type { KeystoneSession } from '../../openstack/session.js';
import type { ResourceRunRepository } from '../runs/resource-runs.js';

/**
 * The delete workflow's two tasks. `deleteCheckpointData` is re-run by the state machine until
 * it reports nothing left: it removes the checkpoint's objects from the block store (manifests,
 * journals, its metadata; blocks stay for `gc`), asks Cinder to delete the snapshot a
 * changed-block backup retained, and once the snapshot is gone moves the checkpoint to
 * `deleted`. `finishDelete` is the Catch path: `error-deleting` with the reason, never stuck
 * in `deleting`.
 */

export interface DeleteRequest {
  readonly project_id: string;
  readonly checkpoint_id: string;
  readonly provider_id?: string;
  readonly plan_id?: string;
  readonly operation_log_id?: string | null;
  readonly trust_id?: string | null;
}

export interface DeleteDependencies {
  readonly bank: Bank;
  readonly runs: ResourceRunRepository;
  readonly store: ChunkStore;
  readonly session: (request: DeleteRequest) => Promise<KeystoneSession>;
  readonly now: Date;
}

export interface DeleteProgress {
  /** what still has to go (or to finish) first; the state machine waits and calls again while > 0 */
  readonly remaining: number;
  readonly status: 'deleting' | 'deleted';
  /** how long the state machine waits before calling again */
  readonly wait_seconds: number;
}

export class DeleteFailed extends Error {
  override name = 'DeleteFailed';
}

/** How long the retained snapshots may take to go before the delete fails. */
export const snapshotDeleteTimeoutSeconds = 900;

/** How long a delete waits for protects that build on the checkpoint (as long as a mover may run). */
export const parentInUseTimeoutSeconds = 2 * 86_400;

/**
 * Checkpoints of the plan still `protecting` whose runs build on this one (their parent): an
 * incremental backup does not upload blocks its parent's manifest already has, so until its own
 * manifest is written, the parent's manifest is all that keeps those blocks from `gc`.
 */
const protectsBuildingOn = async (
  deps: Pick<DeleteDependencies, 'bank' | 'runs'>,
  checkpoint: CheckpointRecord,
): Promise<string[]> => {
  const running = (await deps.bank.checkpoints.listByPlan(checkpoint.project_id, checkpoint.plan_id)).filter(
    (c) => c.status === 'protecting' && c.id !== checkpoint.id,
  );
  const users: string[] = [];
  for (const child of running) {
    const runs = await deps.runs.list(checkpoint.project_id, child.id);
    if (runs.some((run) => run.data.parent_checkpoint_id === checkpoint.id)) users.push(child.id);
  }
  return users;
};

const retainedSnapshotOf = (data: Readonly<Record<string, unknown>>): string | undefined =>
  typeof data.retained_snapshot_id === 'string' ? data.retained_snapshot_id : undefined;

/** Snapshots this checkpoint's runs retained that no other live checkpoint of the plan also names. */
const retainedSnapshots = async (
  deps: Pick<DeleteDependencies, 'bank' | 'runs'>,
  checkpoint: CheckpointRecord,
): Promise<string[]> => {
  const runs = await deps.runs.list(checkpoint.project_id, checkpoint.id);
  const held = runs.flatMap((run) => {
    const id = retainedSnapshotOf(run.data);
    return id ? [{ id, resourceKey: run.resource_key }] : [];
  });
  if (held.length === 0) return [];
  const others = (await deps.bank.checkpoints.listByPlan(checkpoint.project_id, checkpoint.plan_id)).filter(
    (c) => c.id !== checkpoint.id && c.status !== 'deleted',
  );
  const shared = new Set<string>();
  for (const other of others)
    for (const { id, resourceKey } of held) {
      const run = await deps.runs.get(checkpoint.project_id, other.id, resourceKey);
      if (run && retainedSnapshotOf(run.data) === id) shared.add(id);
    }
  return held.map((h) => h.id).filter((id) => !shared.has(id));
};

/** Asks Cinder to delete `id` unless it is already going or gone; true while it still exists. */
const deleteRetainedSnapshot = async (session: KeystoneSession, id: string): Promise<boolean> => {
  try {
    const snapshot = await getSnapshot(session, id);
    if (snapshot.status === 'error_deleting')
      throw new DeleteFailed(`Cinder could not delete the retained snapshot ${id} (status error_deleting)`);
    if (snapshot.status !== 'deleting') await deleteSnapshot(session, id);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
};

const removeStoredObjects = async (store: ChunkStore, checkpoint: CheckpointRecord): Promise<number> => {
  const keys: string[] = [];
  for await (const info of store.list(checkpointPrefix(checkpoint.project_id, checkpoint.id)))
    keys.push(info.key);
  // manifests last: a delete interrupted half-way still leaves a readable manifest or none
  keys.sort((a, b) => Number(a.endsWith('.manifest')) - Number(b.endsWith('.manifest')));
  for (const key of keys) await store.delete(key);
  return keys.length;
};

export const deleteCheckpointData = async (
  deps: DeleteDependencies,
  request: DeleteRequest,
  startedAt: string,
): Promise<DeleteProgress> => {
  const checkpoint = await deps.bank.checkpoints.get(request.project_id, request.checkpoint_id);
  if (!checkpoint) throw new DeleteFailed(`checkpoint ${request.checkpoint_id} does not exist`);
  if (checkpoint.status === 'deleted') return { remaining: 0, status: 'deleted', wait_seconds: 0 };
  if (checkpoint.status !== 'deleting')
    throw new DeleteFailed(`checkpoint ${checkpoint.id} is ${checkpoint.status}, not deleting`);
  const elapsed = (deps.now.getTime() - Date.parse(startedAt)) / 1000;

  const users = await protectsBuildingOn(deps, checkpoint);
  if (users.length > 0) {
    if (elapsed > parentInUseTimeoutSeconds)
      throw new DeleteFailed(
        `checkpoint(s) ${users.join(', ')} still build on it after ${parentInUseTimeoutSeconds} s`,
      );
    return { remaining: users.length, status: 'deleting', wait_seconds: 60 };
  }
  const removed = await removeStoredObjects(deps.store, checkpoint);
  const snapshots = await retainedSnapshots(deps, checkpoint);
  let remaining = 0;
  if (snapshots.length > 0) {
    const session = await deps.session(request);
    for (const id of snapshots) if (await deleteRetainedSnapshot(session, id)) remaining++;
  }
  if (remaining > 0) {
    if (elapsed > snapshotDeleteTimeoutSeconds)
      throw new DeleteFailed(
        `the retained snapshot(s) ${snapshots.join(', ')} were not deleted within ${snapshotDeleteTimeoutSeconds} s`,
      );
    return { remaining, status: 'deleting', wait_seconds: 5 };
  }

  const deletedCount =
    typeof checkpoint.extra_info.objects_deleted === 'number' ? checkpoint.extra_info.objects_deleted : 0;
  try {
    await deps.bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, 'deleted', {
      from: ['deleting'],
      changes: {
        extra_info: {
          ...checkpoint.extra_info,
          objects_deleted: deletedCount + removed,
          deleted_at: deps.now.toISOString(),
        },
      },
    });
  } catch (error) {
    // a re-run after another attempt won the move changes nothing
    if (!(error instanceof InvalidCheckpointTransition)) throw error;
  }
  if (request.operation_log_id)
    await deps.bank.operationLogs.update(request.project_id, request.operation_log_id, {
      status: 'deleted',
      ended_at: deps.now.toISOString(),
      error_info: null,
    });
  return { remaining: 0, status: 'deleted', wait_seconds: 0 };
};

/** The Catch path: the checkpoint goes to `error-deleting` with the reason, the log is closed. */
export const finishDelete = async (
  bank: Bank,
  request: DeleteRequest,
  reason: string,
  now: Date,
): Promise<{ status: 'error-deleting' | 'unchanged' }> => {
  const checkpoint = await bank.checkpoints.get(request.project_id, request.checkpoint_id);
  let status: 'error-deleting' | 'unchanged' = 'unchanged';
  if (checkpoint?.status === 'deleting') {
    try {
      await bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, 'error-deleting', {
        from: ['deleting'],
        changes: { extra_info: { ...checkpoint.extra_info, fail_reason: reason } },
      });
      status = 'error-deleting';
    } catch (error) {
      if (!(error instanceof InvalidCheckpointTransition)) throw error;
    }
  }
  if (request.operation_log_id)
    await bank.operationLogs.update(request.project_id, request.operation_log_id, {
      status: 'error-deleting',
      ended_at: now.toISOString(),
      error_info: reason,
    });
  return { status };
};
