import { listFlavors } from '../../../openstack/compute/flavors.js';
import { listInterfaces, listVolumeAttachments } from '../../../openstack/compute/server-attachments.js';
import { createServerImage, getServer, serverFailureStatuses } from '../../../openstack/compute/servers.js';
import { getImage, imageFailureStatuses, listImages } from '../../../openstack/image/images.js';
import { taskBank, taskRuns } from '../../task-context.js';
import {
  dataOf,
  done,
  goto,
  type ResourceDriver,
  ResourceFailed,
  runMover,
  type StepContext,
  wait,
} from '../driver.js';
import { backupJob, moverResult } from './backup-job.js';
import { findParentCheckpoint } from './parent.js';
import { booleanOption, planOptions } from './plan-options.js';
import { type ServerDetail, serverDefinition } from './server-definition.js';
import { newTemporary, temporaryName } from './temporary-names.js';

/**
 * Nova servers: the definition is saved as data (server-definition.ts); attached volumes are
 * resources of their own. A server booted from an image gets its root disk captured with
 * `createImage` into a temporary image that the mover stores as manifest resourceId = server
 * id, unless the plan's `snapshot_root_disk` option is false. When Nova finishes the snapshot
 * without uploading any data (its fake driver does), nothing is stored and the result says why.
 */

const failedServer = new Set<string>(serverFailureStatuses);
const failedImage = new Set<string>(imageFailureStatuses);

const begin = async () => goto('save', { timeoutSeconds: 1800 });

const save = async (context: StepContext) => {
  const { run, workflow } = context;
  const session = await context.session();
  const server = (await getServer(session, run.resource.id)) as ServerDetail;
  if (failedServer.has(server.status))
    throw new ResourceFailed(`nova server ${server.id} is ${server.status}; it cannot be protected`);
  const [interfaces, volumes] = await Promise.all([
    listInterfaces(session, server.id),
    listVolumeAttachments(session, server.id),
  ]);
  const hasFlavorId = typeof (server.flavor as { id?: unknown }).id === 'string';
  const definition = serverDefinition(
    server,
    interfaces,
    volumes,
    hasFlavorId ? [] : await listFlavors(session),
  );
  const options = await planOptions(taskBank(), workflow, run.resource);
  const snapshot = booleanOption(options, 'snapshot_root_disk', true);
  if (definition.boot !== 'image' || !snapshot)
    return goto('record', {
      data: {
        server: definition,
        root_disk_reason:
          definition.boot === 'image'
            ? 'the plan option snapshot_root_disk is false'
            : 'the server boots from a volume, which is protected as a volume',
      },
    });
  const parent = workflow.plan_id
    ? await findParentCheckpoint(
        taskBank(),
        taskRuns(),
        { ...workflow, plan_id: workflow.plan_id },
        run.resource_key,
      )
    : undefined;
  return goto('createImage', { data: { server: definition, parent_checkpoint_id: parent ?? null } });
};

const createImage = async (context: StepContext) => {
  const { run, workflow } = context;
  const session = await context.session();
  const name = temporaryName(workflow, run.resource);
  const [existing] = (await listImages(session, { name })).filter((i) => i.name === name);
  const imageId =
    existing?.id ??
    (await createServerImage(session, run.resource.id, name, {
      karbor_checkpoint_id: workflow.checkpoint_id,
    }));
  return goto('imageReady', {
    data: { snapshot_image_id: imageId },
    temporaries: newTemporary(run, 'image', imageId),
    timeoutSeconds: 3 * 3600,
  });
};

const imageReady = async (context: StepContext) => {
  const session = await context.session();
  const id = dataOf(context.run, 'snapshot_image_id');
  const image = await getImage(session, id);
  const imageInfo = {
    disk_format: image.disk_format,
    container_format: image.container_format,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
  };
  if (image.status === 'active') return goto('readRootDisk', { data: { root_image: imageInfo } });
  if (failedImage.has(image.status))
    throw new ResourceFailed(
      `the snapshot image ${id} of server ${context.run.resource.id} went to ${image.status}`,
    );
  const server = (await getServer(session, context.run.resource.id)) as ServerDetail;
  // Nova clears the task state only after the upload; a snapshot it calls done that left the
  // image without data has nothing to store (never store something else in its place)
  if (image.status === 'queued' && !server['OS-EXT-STS:task_state'])
    return goto('record', {
      data: {
        root_disk_reason: `Nova finished createImage but uploaded no data (image ${id} stayed queued); the root disk was not stored`,
      },
    });
  return wait(`snapshot image ${id} of server ${server.id} (status ${image.status})`, 3);
};

const readRootDisk = async (context: StepContext) => {
  const session = await context.session();
  const job = backupJob(context, {
    type: 'glance',
    endpoint: await session.endpoint('image'),
    token: await session.token(),
    imageId: dataOf(context.run, 'snapshot_image_id'),
  });
  return runMover(job, 'record');
};

const record = async (context: StepContext) => {
  const { run } = context;
  const stored = run.data.root_image !== undefined;
  return done({
    manifest: stored,
    server: run.data.server ?? null,
    root_disk: stored ? { ...moverResult(run), image: run.data.root_image } : null,
    ...(stored ? {} : { root_disk_reason: run.data.root_disk_reason ?? null }),
  });
};

export const serverProtection: ResourceDriver = {
  firstStep: 'begin',
  steps: { begin, save, createImage, imageReady, readRootDisk, record },
};
