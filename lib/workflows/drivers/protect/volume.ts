import { DEFAULT_BLOCK_SIZE } from '../../../blocks/job-spec.js';
import { createSnapshot, getSnapshot, listSnapshots } from '../../../openstack/block-storage/snapshots.js';
import { getVolume, type Volume } from '../../../openstack/block-storage/volumes.js';
import { taskBank, taskRuns } from '../../task-context.js';
import { dataOf, goto, type ResourceDriver, ResourceFailed, type StepContext, wait } from '../driver.js';
import { findParentCheckpoint } from './parent.js';
import { booleanOption, integerOption, planOptions } from './plan-options.js';
import { rbdBackendsFromEnv, rbdPoolOf } from './rbd-backends.js';
import { newTemporary, temporaryName } from './temporary-names.js';
import { volumeApiSteps } from './volume-api.js';
import { volumeRbdSteps } from './volume-rbd.js';

/**
 * Cinder volumes, on one of two paths chosen per volume by KARBOR_RBD_BACKENDS:
 * - `rbd`: a Cinder snapshot, read by the mover with `rbd export-diff` from the snapshot the
 *   previous checkpoint kept (only changed blocks are read) — the newest snapshot is kept for
 *   the next checkpoint, the one before it deleted (volume-rbd.ts);
 * - `api`: a snapshot, a temporary volume from it, uploaded to a temporary Glance image that
 *   the mover reads with hash-diff against the previous manifest; all three deleted (volume-api.ts).
 * Both store the volume's raw bytes under the manifest resourceId = volume id, and record the
 * volume's definition for the restore.
 */

const busyStatuses = new Set([
  'creating',
  'attaching',
  'detaching',
  'reserved',
  'backing-up',
  'uploading',
  'downloading',
  'retyping',
  'extending',
  'maintenance',
]);

/** What the restore needs to make the volume again. */
export const volumeDefinition = (volume: Volume) => ({
  name: volume.name,
  description: volume.description ?? null,
  size_gb: volume.size,
  volume_type: volume.volume_type,
  availability_zone: volume.availability_zone,
  bootable: String(volume.bootable).toLowerCase() === 'true',
  metadata: volume.metadata ?? {},
  attachments: volume.attachments.map((a) => ({ server_id: a.server_id, device: a.device })),
});

/** The previous backup of this volume (same plan, newest available) and what it kept. */
const previousBackup = async (context: StepContext) => {
  const { workflow, run } = context;
  if (!workflow.plan_id) return undefined;
  const checkpointId = await findParentCheckpoint(
    taskBank(),
    taskRuns(),
    { ...workflow, plan_id: workflow.plan_id },
    run.resource_key,
  );
  if (!checkpointId) return undefined;
  const parentRun = await taskRuns().get(workflow.project_id, checkpointId, run.resource_key);
  const data = parentRun?.data ?? {};
  return {
    checkpointId,
    blockSize: typeof data.block_size === 'number' ? data.block_size : DEFAULT_BLOCK_SIZE,
    retainedSnapshot: typeof data.retained_snapshot_id === 'string' ? data.retained_snapshot_id : null,
  };
};

/** The first step gives `start` a deadline, so waiting for a busy volume cannot last forever. */
const begin = async () => goto('start', { timeoutSeconds: 1800 });

const start = async (context: StepContext) => {
  const { run } = context;
  const session = await context.session();
  const volume = await getVolume(session, run.resource.id);
  if (busyStatuses.has(volume.status)) return wait(`cinder volume ${volume.id} (status ${volume.status})`, 5);
  if (volume.status !== 'available' && volume.status !== 'in-use')
    throw new ResourceFailed(`cinder volume ${volume.id} is ${volume.status}; it cannot be protected`);
  const options = await planOptions(taskBank(), context.workflow, run.resource);
  const force = booleanOption(options, 'force', true);
  if (volume.status === 'in-use' && !force)
    throw new ResourceFailed(
      `cinder volume ${volume.id} is in-use and the plan's force option is false; detach it or allow force`,
    );
  const blockSize = integerOption(options, 'block_size_mib', DEFAULT_BLOCK_SIZE >> 20) << 20;
  const pool = rbdPoolOf(rbdBackendsFromEnv(), volume);
  const previous = await previousBackup(context);
  // a different block size cannot build on the previous manifest: a new full chain starts
  const parent =
    previous && booleanOption(options, 'incremental', true) && previous.blockSize === blockSize
      ? previous
      : undefined;
  return goto('snapshot', {
    data: {
      volume: volumeDefinition(volume),
      path: pool ? 'rbd' : 'api',
      pool: pool ?? null,
      force,
      block_size: blockSize,
      parent_checkpoint_id: parent?.checkpointId ?? null,
      // changed blocks since this snapshot, if it still exists when the mover starts
      diff_base_snapshot_id: parent?.retainedSnapshot ?? null,
      // the snapshot the previous checkpoint kept; deleted once this backup is done
      previous_snapshot_id: previous?.retainedSnapshot ?? null,
    },
  });
};

const snapshot = async (context: StepContext) => {
  const { run, workflow } = context;
  const session = await context.session();
  const name = temporaryName(workflow, run.resource);
  const [existing] = (await listSnapshots(session, { name, volume_id: run.resource.id })).filter(
    (s) => s.name === name && s.status !== 'deleting',
  );
  const made =
    existing ??
    (await createSnapshot(session, {
      volume_id: run.resource.id,
      name,
      description: `Karbor checkpoint ${workflow.checkpoint_id}`,
      metadata: { karbor_checkpoint_id: workflow.checkpoint_id },
      ...(run.data.force === true ? { force: true } : {}),
    }));
  return goto('snapshotReady', {
    data: { snapshot_id: made.id },
    temporaries: newTemporary(run, 'snapshot', made.id),
    timeoutSeconds: 1800,
  });
};

const snapshotReady = async (context: StepContext) => {
  const session = await context.session();
  const id = dataOf(context.run, 'snapshot_id');
  const found = await getSnapshot(session, id);
  if (found.status === 'available')
    return goto(context.run.data.path === 'rbd' ? 'exportDiff' : 'tempVolume');
  if (found.status === 'error' || found.status === 'error_deleting' || found.status === 'deleting')
    throw new ResourceFailed(`cinder snapshot ${id} of volume ${found.volume_id} went to ${found.status}`);
  return wait(`cinder snapshot ${id} (status ${found.status})`, 2);
};

export const volumeProtection: ResourceDriver = {
  firstStep: 'begin',
  steps: { begin, start, snapshot, snapshotReady, ...volumeRbdSteps, ...volumeApiSteps },
};
