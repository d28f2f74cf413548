import type { CreateImageOptions } from '../../../openstack/image/images.js';
import { done, goto, type ResourceDriver, ResourceFailed, type StepContext } from '../driver.js';
import { glanceRestoreSteps, imageIdKey } from './glance-steps.js';
import { parametersOf, savedResult, textParameter } from './saved.js';

/**
 * Glance images: a new image with the saved formats, its data written by the mover straight
 * from the manifest, checked against the saved checksum. Until it is active the new image is a
 * temporary, so a failed restore deletes it. Name: `restore_name`, else the saved name.
 */

interface SavedImage {
  readonly name?: string | null;
  readonly disk_format?: string | null;
  readonly container_format?: string | null;
  readonly min_disk?: number;
  readonly min_ram?: number;
  readonly checksum?: string | null;
}

const savedImage = async (context: StepContext): Promise<SavedImage> => {
  const saved = await savedResult(context);
  if (saved.manifest !== true || !saved.image)
    throw new ResourceFailed(`the checkpoint has no image data for ${context.run.resource.id}`);
  return saved.image as SavedImage;
};

/** Create options for the restored image from the saved metadata and the parameters. */
export const restoredImageOptions = (
  image: SavedImage,
  restoreName: string | undefined,
  restoreId: string,
): CreateImageOptions => ({
  name: restoreName ?? image.name ?? 'karbor-restore-image',
  disk_format: image.disk_format ?? 'raw',
  container_format: image.container_format ?? 'bare',
  min_disk: image.min_disk ?? 0,
  min_ram: image.min_ram ?? 0,
  properties: { karbor_restore_id: restoreId },
});

const prepare = async (context: StepContext) => {
  await savedImage(context);
  const name = textParameter(await parametersOf(context), 'restore_name');
  return goto('image_create', { data: name ? { restore_name: name } : {} });
};

const record = async (context: StepContext) =>
  done({ new_id: context.run.data[imageIdKey('image')] as string, restored_from: context.run.resource.id });

export const imageRestore: ResourceDriver = {
  firstStep: 'prepare',
  steps: {
    prepare,
    ...glanceRestoreSteps({
      prefix: 'image',
      manifestId: (context) => context.run.resource.id,
      image: async (context) =>
        restoredImageOptions(
          await savedImage(context),
          context.run.data.restore_name as string | undefined,
          context.workflow.run_id,
        ),
      checksum: async (context) => (await savedImage(context)).checksum,
      next: 'record',
      keep: true,
    }),
    record,
  },
};
