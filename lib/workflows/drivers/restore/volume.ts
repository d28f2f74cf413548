import {
  createVolume,
  getVolume,
  listVolumes,
  volumeFailureStatuses,
} from '../../../openstack/block-storage/volumes.js';
import { done, goto, type ResourceDriver, ResourceFailed, type StepContext, wait } from '../driver.js';
import { glanceRestoreSteps, imageIdKey, stepMarker, stepMarkerProperty } from './glance-steps.js';
import { type Parameters, parametersOf, savedResult, textParameter } from './saved.js';

/**
 * Cinder volumes: the mover writes the volume's raw bytes into a temporary Glance image, a
 * new volume is made from it (size, type and availability zone saved, or from the
 * parameters), and once the volume is `available` the temporary image is deleted. The new
 * volume is a temporary until then, so a failed restore leaves neither behind. Name:
 * `restore_name`, else Karbor's `<checkpoint id>@<volume id>`.
 */

export interface SavedVolume {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly size_gb: number;
  readonly volume_type?: string | null;
  readonly availability_zone?: string | null;
  readonly bootable?: boolean | string;
  readonly metadata?: Readonly<Record<string, string>>;
}

const savedVolume = async (context: StepContext): Promise<SavedVolume> => {
  const saved = await savedResult(context);
  const volume = saved.volume as SavedVolume | undefined;
  if (saved.manifest !== true || !volume)
    throw new ResourceFailed(`the checkpoint has no volume data for ${context.run.resource.id}`);
  return volume;
};

/** What the new volume is made with: parameters first, then what was saved. */
export const restoredVolumeOptions = (
  volume: SavedVolume,
  parameters: Parameters,
  ids: { readonly checkpoint: string; readonly volume: string; readonly image: string },
) => {
  const type = textParameter(parameters, 'volume_type') ?? volume.volume_type ?? undefined;
  const zone = textParameter(parameters, 'availability_zone') ?? volume.availability_zone ?? undefined;
  const description = textParameter(parameters, 'restore_description') ?? volume.description ?? undefined;
  return {
    size: volume.size_gb,
    name: textParameter(parameters, 'restore_name') ?? `${ids.checkpoint}@${ids.volume}`,
    imageRef: ids.image,
    ...(description ? { description } : {}),
    ...(type ? { volume_type: type } : {}),
    ...(zone ? { availability_zone: zone } : {}),
    ...(volume.metadata && Object.keys(volume.metadata).length ? { metadata: { ...volume.metadata } } : {}),
  };
};

const prepare = async (context: StepContext) => {
  await savedVolume(context);
  return goto('raw_create', { data: { parameters: await parametersOf(context) } });
};

const create = async (context: StepContext) => {
  if (typeof context.run.data.volume_id === 'string') return goto('volume_wait');
  const options = restoredVolumeOptions(
    await savedVolume(context),
    context.run.data.parameters as Parameters,
    {
      checkpoint: context.workflow.checkpoint_id,
      volume: context.run.resource.id,
      image: context.run.data[imageIdKey('raw')] as string,
    },
  );
  const session = await context.session();
  // an attempt that died between the create call and the Bank write left its volume marked
  const marker = stepMarker(context, 'volume');
  const [earlier] = (await listVolumes(session, { name: options.name })).filter(
    (v) => v.metadata?.[stepMarkerProperty] === marker,
  );
  const volume =
    earlier ??
    (await createVolume(session, {
      ...options,
      metadata: { ...options.metadata, [stepMarkerProperty]: marker },
    }));
  return goto('volume_wait', {
    data: { volume_id: volume.id },
    temporaries: [{ kind: 'volume', id: volume.id }],
    timeoutSeconds: 6 * 3600,
  });
};

const available = async (context: StepContext) => {
  const id = context.run.data.volume_id as string;
  const volume = await getVolume(await context.session(), id);
  if ((volumeFailureStatuses as readonly string[]).includes(volume.status))
    throw new ResourceFailed(`restored volume ${id} became ${volume.status}`);
  if (volume.status !== 'available') return wait(`cinder volume ${id} (status ${volume.status})`, 3);
  // the volume is the restored object; the raw image is left as the only temporary, deleted on done
  return goto('record', {
    keepOnly: context.run.temporaries.filter((t) => !(t.kind === 'volume' && t.id === id)),
  });
};

const record = async (context: StepContext) =>
  done({ new_id: context.run.data.volume_id as string, restored_from: context.run.resource.id });

export const volumeRestore: ResourceDriver = {
  firstStep: 'prepare',
  steps: {
    prepare,
    ...glanceRestoreSteps({
      prefix: 'raw',
      manifestId: (context) => context.run.resource.id,
      image: async (context) => ({
        name: `karbor-restore-${context.workflow.run_id}-${context.run.resource.id}`,
        disk_format: 'raw',
        container_format: 'bare',
        min_disk: (await savedVolume(context)).size_gb,
        properties: { karbor_restore_id: context.workflow.run_id, karbor_temporary: 'true' },
      }),
      next: 'volume_create',
      keep: false,
    }),
    volume_create: create,
    volume_wait: available,
    record,
  },
};
