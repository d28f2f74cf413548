import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type CreateVolumeOptions,
  createVolume,
  deleteVolume,
  type Volume,
  waitForVolume,
  waitForVolumeDeleted,
} from '../../../lib/openstack/block-storage/volumes.js';
import {
  createImage,
  deleteImage,
  downloadImageData,
  type Image,
  uploadImageData,
  waitForImage,
} from '../../../lib/openstack/image/images.js';
import { networks } from '../../../lib/openstack/network/networks.js';
import type { KeystoneSession } from '../../../lib/openstack/session.js';
import { type Cleanup, uniqueName } from './cloud.js';

/** Shared set-up steps of the openstack tier: a project's network, a small image, rbd CLI. */

const run = promisify(execFile);

/** The private network cloud.sh made for the project (`demo-net` / `alt_demo-net`). */
export const projectNetwork = async (session: KeystoneSession, project: 'demo' | 'alt_demo') => {
  const [network] = await networks.list(session, { name: `${project}-net` });
  if (!network) throw new Error(`network ${project}-net is missing: rerun npm run cloud:up`);
  return network;
};

/** 1 MiB of a repeating pattern (the fake virt driver never reads it). */
export const imageBytes = (size = 1 << 20): Uint8Array => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + (i >> 12)) & 0xff;
  return bytes;
};

export const makeImage = async (
  session: KeystoneSession,
  cleanup: Cleanup,
  what = 'image',
): Promise<Image> => {
  const image = await createImage(session, { name: uniqueName(what), properties: { karbor_test: 'yes' } });
  cleanup.add(`image ${image.id}`, () => deleteImage(session, image.id));
  await uploadImageData(session, image.id, imageBytes());
  return waitForImage(session, image.id, ['active'], { timeoutMs: 60_000 });
};

/** SHA-256 of an image's data as Glance serves it. */
export const imageSha256 = async (session: KeystoneSession, imageId: string): Promise<string> => {
  const { stream } = await downloadImageData(session, imageId);
  const hash = createHash('sha256');
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
};

/** A volume that the cleanup deletes again; resolves once it is available. */
export const makeVolume = async (
  session: KeystoneSession,
  cleanup: Cleanup,
  options: CreateVolumeOptions,
): Promise<Volume> => {
  const created = await createVolume(session, options);
  cleanup.add(`volume ${created.id}`, async () => {
    await deleteVolume(session, created.id);
    await waitForVolumeDeleted(session, created.id, { timeoutMs: 120_000 });
  });
  return waitForVolume(session, created.id, ['available'], { timeoutMs: 180_000 });
};

/** `rbd` as the mover would run it: read-only key client.karbor-mover, pool volumes. */
export const rbd = async (...args: string[]): Promise<string> => {
  const conf = process.env.KARBOR_TESTCLOUD_CEPH_CONF;
  if (!conf) throw new Error('KARBOR_TESTCLOUD_CEPH_CONF is not set');
  const { stdout } = await run('rbd', ['--conf', conf, '--id', 'karbor-mover', ...args]);
  return stdout;
};
