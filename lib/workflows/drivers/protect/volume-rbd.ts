import { rbdSnapshotLocation, rbdSnapshotName } from '../../../openstack/block-storage/rbd-names.js';
import { getSnapshot } from '../../../openstack/block-storage/snapshots.js';
import { isNotFound } from '../../../openstack/errors.js';
import type { KeystoneSession } from '../../../openstack/session.js';
import { dataOf, done, goto, runMover, type Step, type StepContext } from '../driver.js';
import { backupJob, moverResult } from './backup-job.js';

/**
 * The changed-block path of a volume (volume.ts): the mover runs `rbd export-diff` from the
 * snapshot the previous checkpoint kept to this checkpoint's snapshot, so it reads only the
 * extents Ceph knows changed and fills the rest from the parent manifest. The first time (or
 * when the old snapshot is gone) it exports everything, still hash-diffed against the parent.
 * Afterwards this checkpoint's snapshot is kept (no longer a temporary) and the previous one
 * becomes the only temporary, so finishing the run deletes it: one snapshot per volume and plan.
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
  const snapshot = dataOf(run, 'snapshot_id');
  const previous = run.data.previous_snapshot_id as string | null;
  return goto('finishRbd', {
    data: { retained_snapshot_id: snapshot },
    keepOnly: previous && previous !== snapshot ? [{ kind: 'snapshot', id: previous }] : [],
  });
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

export const volumeRbdSteps = { exportDiff, readDiff, keepNewest, finishRbd };
