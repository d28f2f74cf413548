import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  waitForSnapshot,
  waitForSnapshotDeleted,
} from '../../lib/openstack/block-storage/snapshots.js';
import { getVolumeLimits, listVolumeTypes } from '../../lib/openstack/block-storage/types-and-limits.js';
import {
  type CreateVolumeOptions,
  createVolume,
  deleteVolume,
  getVolume,
  listVolumePages,
  listVolumes,
  uploadVolumeToImage,
  type Volume,
  waitForVolume,
} from '../../lib/openstack/block-storage/volumes.js';
import { UnexpectedStatusError } from '../../lib/openstack/errors.js';
import {
  createImage,
  deleteImage,
  downloadImageData,
  getImage,
  listImagePages,
  uploadImageData,
  waitForImage,
  waitForImageDeleted,
} from '../../lib/openstack/image/images.js';
import { Cleanup, sessionFor, uniqueName } from './support/cloud.js';
import { imageBytes, makeImage, makeVolume } from './support/fixtures.js';

const session = sessionFor('demo');
const cleanup = new Cleanup();

const readAll = async (stream: ReadableStream<Uint8Array>): Promise<Buffer> => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
};

const newVolume = (options: CreateVolumeOptions): Promise<Volume> => makeVolume(session, cleanup, options);

afterAll(() => cleanup.run());

describe('glance images', () => {
  it('uploads from a stream and downloads whole and by byte range', async () => {
    const bytes = imageBytes(3 << 20);
    const image = await createImage(session, { name: uniqueName('stream') });
    cleanup.add(`image ${image.id}`, () => deleteImage(session, image.id));
    expect(image.status).toBe('queued');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1 << 20)
          controller.enqueue(bytes.subarray(offset, offset + (1 << 20)));
        controller.close();
      },
    });
    await uploadImageData(session, image.id, stream);
    const active = await waitForImage(session, image.id);
    expect(active.size).toBe(bytes.length);
    expect(active.checksum).toBe(createHash('md5').update(bytes).digest('hex'));

    const whole = await downloadImageData(session, image.id);
    expect((await readAll(whole.stream)).equals(Buffer.from(bytes))).toBe(true);
    const part = await downloadImageData(session, image.id, { start: 1_000_000, end: 1_000_999 });
    expect(part.status).toBe(206);
    expect((await readAll(part.stream)).equals(Buffer.from(bytes.subarray(1_000_000, 1_001_000)))).toBe(true);
  });

  it('pages through images with Glance next links', async () => {
    await makeImage(session, cleanup, 'page-a');
    await makeImage(session, cleanup, 'page-b');
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of listImagePages(session, {}, 1)) {
      pages.push(page.length);
      ids.push(...page.map((i) => i.id));
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports a missing image with the call, the status and the request id', async () => {
    const error = await getImage(session, '00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as UnexpectedStatusError).status).toBe(404);
    expect((error as UnexpectedStatusError).requestId).toMatch(/^req-/);
    expect((error as Error).message).toMatch(
      /glance: show image 0{8}-.* returned 404, expected 200 \(request id req-/,
    );
  });

  it('waits for a deleted image to disappear', async () => {
    const image = await createImage(session, { name: uniqueName('gone') });
    await deleteImage(session, image.id);
    await waitForImageDeleted(session, image.id, { timeoutMs: 30_000 });
  });
});

describe('cinder volumes, snapshots, images, types and limits', () => {
  let image: Awaited<ReturnType<typeof makeImage>>;
  beforeAll(async () => {
    image = await makeImage(session, cleanup, 'volume-source');
  });

  it('creates a volume from an image, snapshots it, and clones the snapshot on both types', async () => {
    for (const type of ['rbd', 'nfs']) {
      const fromImage = await newVolume({
        size: 1,
        imageRef: image.id,
        volume_type: type,
        name: uniqueName(`img-${type}`),
      });
      expect(fromImage.volume_type).toBe(type);
      expect(fromImage.volume_image_metadata?.image_id).toBe(image.id);
      const snapshot = await createSnapshot(session, { volume_id: fromImage.id, name: uniqueName('snap') });
      cleanup.add(`snapshot ${snapshot.id}`, async () => {
        await deleteSnapshot(session, snapshot.id);
        await waitForSnapshotDeleted(session, snapshot.id, { timeoutMs: 120_000 });
      });
      await waitForSnapshot(session, snapshot.id);
      expect((await listSnapshots(session, { volume_id: fromImage.id })).map((s) => s.id)).toEqual([
        snapshot.id,
      ]);
      const clone = await newVolume({ size: 1, snapshot_id: snapshot.id, name: uniqueName(`clone-${type}`) });
      expect(clone.volume_type).toBe(type);
    }
  });

  it('uploads a volume to a new Glance image whose first bytes are the volume content', async () => {
    const source = await newVolume({ size: 1, imageRef: image.id, name: uniqueName('to-image') });
    const upload = await uploadVolumeToImage(session, source.id, { image_name: uniqueName('uploaded') });
    cleanup.add(`image ${upload.image_id}`, () => deleteImage(session, upload.image_id));
    const uploaded = await waitForImage(session, upload.image_id, ['active'], { timeoutMs: 180_000 });
    expect(uploaded.size).toBe(1 << 30);
    await waitForVolume(session, source.id);
    const head = await downloadImageData(session, upload.image_id, { start: 0, end: 4095 });
    expect((await readAll(head.stream)).equals(Buffer.from(imageBytes().subarray(0, 4096)))).toBe(true);
  });

  it('pages through volumes with volumes_links', async () => {
    await newVolume({ size: 1, name: uniqueName('page-1') });
    await newVolume({ size: 1, name: uniqueName('page-2') });
    const pages: number[] = [];
    for await (const page of listVolumePages(session, {}, 1)) pages.push(page.length);
    const all = await listVolumes(session);
    expect(pages.length).toBe(all.length);
    expect(pages.every((n) => n === 1)).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(2);
  });

  it('lists the public volume types and the project limits', async () => {
    expect((await listVolumeTypes(session)).map((t) => t.name)).toEqual(
      expect.arrayContaining(['rbd', 'nfs']),
    );
    const limits = await getVolumeLimits(session);
    expect(limits.maxTotalVolumes).toBeGreaterThan(0);
    expect(limits.totalVolumesUsed).toBe((await listVolumes(session)).length);
  });

  it('fails a wait when the volume reaches an error status (no backend has room)', async () => {
    const tooBig = await createVolume(session, { size: 900, name: uniqueName('too-big') });
    cleanup.add(`volume ${tooBig.id}`, () => deleteVolume(session, tooBig.id));
    await expect(waitForVolume(session, tooBig.id, ['available'], { timeoutMs: 120_000 })).rejects.toThrow(
      /cinder volume .* reached status error/,
    );
    expect((await getVolume(session, tooBig.id)).status).toBe('error');
  });
});
