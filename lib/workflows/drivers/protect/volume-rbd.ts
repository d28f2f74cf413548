import { rbdSnapshotLocation, rbdSnapshotName } from '../../../openstack/block-storage/rbd-names.js';
import { deleteSnapshot, getSnapshot } from '../../../openstack/block-storage/snapshots.js';
import { isNotFound } from '../../../openstack/errors.js';
import type { KeystoneSession } from '../../../openstack/session.js';
import {
  dataOf,
  done,
  goto,
  ResourceFailed,
  runMover,
  type Step,
  type StepContext,
  wait,
} from '../driver.js';
import { backupJob, moverResult } from './backup-job.js';

/**
 * The changed-block path of a volume (volume.ts): the mover runs `rbd export-diff` from the
 * snapshot the previous checkpoint kept to this checkpoint's snapshot, so it reads only the
 * extents Ceph knows changed and fills the rest from the parent manifest. The first time (or
 * when the old snapshot is gone) it exports everything, still hash-diffed against the parent.
 * Afterwards the previous snapshot is deleted and only then is this checkpoint's snapshot kept
 * (no longer a temporary): if the delete fails, the run fails and deletes its own snapshot, and
 * the previous checkpoint keeps its snapshot for the next run. One snapshot per volume and plan.
 */

const usableSnapshot = async (session: KeystoneSession, id: string | null): Promise<string | null> => {
  if (!id) return null;
  try {
    return (await getSnapshot(session, id)).status === 'available' ? id : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
};

const exportDiff: Step = async (context: StepContext) => {
  const { run } = context;
  const base = await usableSnapshot(
    await context.session(),
    (run.data.diff_base_snapshot_id as string | null) ?? null,
  );
  return goto('readDiff', { data: { diff_from_snapshot_id: base } });
};

const readDiff: Step = async (context: StepContext) => {
  const { run } = context;
  const where = rbdSnapshotLocation(run.resource.id, dataOf(run, 'snapshot_id'), dataOf(run, 'pool'));
  const from = run.data.diff_from_snapshot_id as string | null;
  const job = backupJob(
    context,
    {
      type: 'rbd',
      image: where.spec,
      snapshot: where.snapshot,
      ...(from ? { fromSnapshot: rbdSnapshotName(from) } : {}),
    },
    { blockSize: dataOf<number>(run, 'block_size') },
  );
  return runMover(job, 'keepNewest');
};

const keepNewest: Step = async (context: StepContext) => {
  const { run } = context;
  const previous = run.data.previous_snapshot_id as string | null;
  if (!previous || previous === run.data.snapshot_id) return goto('previousGone');
  try {
    await deleteSnapshot(await context.session(), previous);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return goto('previousGone', { timeoutSeconds: 600 });
};

const previousGone: Step = async (context: StepContext) => {
  const { run } = context;
  const snapshot = dataOf(run, 'snapshot_id');
  const previous = run.data.previous_snapshot_id as string | null;
  if (previous && previous !== snapshot) {
    try {
      const found = await getSnapshot(await context.session(), previous);
      if (found.status === 'error_deleting')
        throw new ResourceFailed(`the previous snapshot ${previous} could not be deleted (error_deleting)`);
      return wait(`deletion of the previous snapshot ${previous} (status ${found.status})`, 2);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return goto('finishRbd', { data: { retained_snapshot_id: snapshot }, keepOnly: [] });
};

const finishRbd: Step = async (context: StepContext) => {
  const { run } = context;
  return done({
    ...moverResult(run),
    path: 'rbd',
    volume: run.data.volume ?? null,
    changed_blocks_since_snapshot: run.data.diff_from_snapshot_id ?? null,
    retained_snapshot_id: run.data.retained_snapshot_id ?? null,
  });
};

export const volumeRbdSteps = { exportDiff, readDiff, keepNewest, previousGone, finishRbd };
