import { getImage, type Image } from '../../../openstack/image/images.js';
import { taskBank, taskRuns } from '../../task-context.js';
import { done, goto, type ResourceDriver, runMover, type StepContext, wait } from '../driver.js';
import { backupJob, moverResult } from './backup-job.js';
import { findParentCheckpoint } from './parent.js';

/**
 * Glance images: the mover reads the image data straight from Glance, hash-diffing against the
 * image's manifest in the previous checkpoint. Image metadata is saved for the restore.
 */

const imageMetadata = (image: Image) => ({
  name: image.name,
  disk_format: image.disk_format,
  container_format: image.container_format,
  min_disk: image.min_disk,
  min_ram: image.min_ram,
  checksum: image.checksum,
  size: image.size,
  visibility: image.visibility,
});

const start = async (context: StepContext) => {
  const session = await context.session();
  const image = await getImage(session, context.run.resource.id);
  if (image.status !== 'active') return wait(`glance image ${image.id} (status ${image.status})`, 5);
  const parent = context.workflow.plan_id
    ? await findParentCheckpoint(
        taskBank(),
        taskRuns(),
        { ...context.workflow, plan_id: context.workflow.plan_id },
        context.run.resource_key,
      )
    : undefined;
  return goto('backup', { data: { image: imageMetadata(image), parent_checkpoint_id: parent ?? null } });
};

const backup = async (context: StepContext) => {
  const session = await context.session();
  const job = backupJob(context, {
    type: 'glance',
    endpoint: await session.endpoint('image'),
    token: await session.token(),
    imageId: context.run.resource.id,
  });
  return runMover(job, 'record');
};

const record = async (context: StepContext) =>
  done({ ...moverResult(context.run), image: context.run.data.image ?? null });

export const imageProtection: ResourceDriver = {
  firstStep: 'start',
  steps: { start, backup, record },
};
