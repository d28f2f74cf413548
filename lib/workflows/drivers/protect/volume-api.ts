import {
  createVolume,
  getVolume,
  listVolumes,
  uploadVolumeToImage,
  volumeFailureStatuses,
} from '../../../openstack/block-storage/volumes.js';
import { getImage, imageFailureStatuses, listImages } from '../../../openstack/image/images.js';
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
import { newTemporary, temporaryName } from './temporary-names.js';

/**
 * The API path of a volume (volume.ts), for any backend: from the snapshot a temporary volume,
 * uploaded by Cinder into a temporary raw Glance image, which the mover reads like any image,
 * hash-diffing against the previous manifest. The three temporaries are deleted when the run
 * ends, and so is a snapshot an earlier checkpoint kept on the changed-block path.
 */

const failedVolume = new Set<string>(volumeFailureStatuses);
const failedImage = new Set<string>(imageFailureStatuses);

const tempVolume: Step = async (context: StepContext) => {
  const { run, workflow } = context;
  const session = await context.session();
  const name = temporaryName(workflow, run.resource);
  const snapshot = dataOf(run, 'snapshot_id');
  const [existing] = (await listVolumes(session, { name })).filter(
    (v) => v.name === name && v.snapshot_id === snapshot && v.status !== 'deleting',
  );
  const made =
    existing ??
    (await createVolume(session, {
      name,
      size: (run.data.volume as { size_gb: number }).size_gb,
      snapshot_id: snapshot,
      description: `Karbor checkpoint ${workflow.checkpoint_id}: copy of ${run.resource.id}`,
      metadata: { karbor_checkpoint_id: workflow.checkpoint_id },
    }));
  return goto('tempVolumeReady', {
    data: { temp_volume_id: made.id },
    temporaries: newTemporary(run, 'volume', made.id),
    timeoutSeconds: 3600,
  });
};

const tempVolumeReady: Step = async (context: StepContext) => {
  const id = dataOf(context.run, 'temp_volume_id');
  const volume = await getVolume(await context.session(), id);
  if (volume.status === 'available') return goto('upload');
  if (failedVolume.has(volume.status))
    throw new ResourceFailed(`temporary volume ${id} went to ${volume.status}`);
  return wait(`temporary volume ${id} (status ${volume.status})`, 3);
};

const upload: Step = async (context: StepContext) => {
  const { run, workflow } = context;
  const session = await context.session();
  const name = temporaryName(workflow, run.resource);
  const [existing] = (await listImages(session, { name })).filter((i) => i.name === name);
  const imageId =
    existing?.id ??
    (
      await uploadVolumeToImage(session, dataOf(run, 'temp_volume_id'), {
        image_name: name,
        disk_format: 'raw',
        container_format: 'bare',
      })
    ).image_id;
  return goto('imageReady', {
    data: { temp_image_id: imageId },
    temporaries: newTemporary(run, 'image', imageId),
    timeoutSeconds: 6 * 3600,
  });
};

const imageReady: Step = async (context: StepContext) => {
  const id = dataOf(context.run, 'temp_image_id');
  const image = await getImage(await context.session(), id);
  if (image.status === 'active') return goto('readImage');
  if (failedImage.has(image.status))
    throw new ResourceFailed(`the image Cinder uploaded the volume into (${id}) went to ${image.status}`);
  return wait(`upload of the volume into image ${id} (status ${image.status})`, 3);
};

const readImage: Step = async (context: StepContext) => {
  const session = await context.session();
  const job = backupJob(
    context,
    {
      type: 'glance',
      endpoint: await session.endpoint('image'),
      token: await session.token(),
      imageId: dataOf(context.run, 'temp_image_id'),
    },
    { blockSize: dataOf<number>(context.run, 'block_size') },
  );
  return runMover(job, 'tempVolumeSettled');
};

/** Cinder may still hold the temporary volume `uploading` for a moment after the image is active. */
const tempVolumeSettled: Step = async (context: StepContext) => {
  const { run } = context;
  const volume = await getVolume(await context.session(), dataOf(run, 'temp_volume_id'));
  if (volume.status === 'uploading') return wait(`temporary volume ${volume.id} to finish uploading`, 2);
  const previous = run.data.previous_snapshot_id as string | null;
  return goto('finishApi', { temporaries: previous ? newTemporary(run, 'snapshot', previous) : [] });
};

const finishApi: Step = async (context: StepContext) =>
  done({ ...moverResult(context.run), path: 'api', volume: context.run.data.volume ?? null });

export const volumeApiSteps = {
  tempVolume,
  tempVolumeReady,
  upload,
  imageReady,
  readImage,
  tempVolumeSettled,
  finishApi,
};
