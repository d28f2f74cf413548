import {
  type CreateImageOptions,
  createImage,
  getImage,
  imageFailureStatuses,
  listImages,
} from '../../../openstack/image/images.js';
import { goto, ResourceFailed, runMover, type Step, type StepContext, wait } from '../driver.js';
import { restoreJob } from './saved.js';

/**
 * The steps that write one manifest of the checkpoint into a new Glance image: create the
 * image (queued, recorded as a temporary at once), run the mover with a `glance` target
 * (PUT of the data), wait until the image is `active` and its checksum is the saved one. The
 * image restore keeps the image; the volume restore uses it as its raw temporary; the server
 * restore keeps it once the server is up. Steps are named `<prefix>_create|_upload|_wait` and
 * the image id is kept in the run's data as `<prefix>_image_id`.
 */

export interface GlanceRestoreOptions {
  readonly prefix: string;
  /** the manifest to restore (the resource id protect stored it under) */
  readonly manifestId: (context: StepContext) => string;
  readonly image: (context: StepContext) => Promise<CreateImageOptions>;
  /** the checksum the data must have (Glance's md5 `checksum`), when one was saved */
  readonly checksum?: (context: StepContext) => Promise<string | null | undefined>;
  /** the step after the image is active */
  readonly next: string;
  /** drop the image from the temporaries once active (it is the restored object) */
  readonly keep: boolean;
}

export const imageIdKey = (prefix: string) => `${prefix}_image_id`;

/** The property naming the restore step that made an image: `<restore>/<resource>/<prefix>`. */
export const stepMarkerProperty = 'karbor_restore_step';

export const stepMarker = (context: StepContext, what: string): string =>
  `${context.workflow.run_id}/${context.run.resource.id}/${what}`;

export const glanceRestoreSteps = (options: GlanceRestoreOptions): Record<string, Step> => {
  const idKey = imageIdKey(options.prefix);
  const upload = `${options.prefix}_upload`;
  const waitStep = `${options.prefix}_wait`;

  const create: Step = async (context) => {
    if (typeof context.run.data[idKey] === 'string') return goto(upload);
    const session = await context.session();
    // an attempt that died between the create call and the Bank write left its image marked
    const marker = stepMarker(context, options.prefix);
    const [earlier] = await listImages(session, { [stepMarkerProperty]: marker });
    const requested = await options.image(context);
    const image =
      earlier ??
      (await createImage(session, {
        ...requested,
        properties: { ...requested.properties, [stepMarkerProperty]: marker },
      }));
    return goto(upload, { data: { [idKey]: image.id }, temporaries: [{ kind: 'image', id: image.id }] });
  };

  const uploadData: Step = async (context) => {
    const session = await context.session();
    const imageId = context.run.data[idKey] as string;
    return runMover(
      restoreJob(context, options.manifestId(context), {
        type: 'glance',
        endpoint: await session.endpoint('image'),
        token: await session.token(),
        imageId,
      }),
      waitStep,
    );
  };

  const active: Step = async (context) => {
    const imageId = context.run.data[idKey] as string;
    const image = await getImage(await context.session(), imageId);
    if ((imageFailureStatuses as readonly string[]).includes(image.status))
      throw new ResourceFailed(`restored glance image ${imageId} became ${image.status}`);
    if (image.status !== 'active') return wait(`glance image ${imageId} (status ${image.status})`, 2);
    const expected = await options.checksum?.(context);
    if (expected && image.checksum && expected !== image.checksum)
      throw new ResourceFailed(
        `restored glance image ${imageId} has checksum ${image.checksum}, the saved image had ${expected}`,
      );
    if (!options.keep) return goto(options.next);
    return goto(options.next, {
      keepOnly: context.run.temporaries.filter((t) => !(t.kind === 'image' && t.id === imageId)),
    });
  };

  return { [`${options.prefix}_create`]: create, [upload]: uploadData, [waitStep]: active };
};
