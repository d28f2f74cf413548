import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rbdSnapshotLocation, rbdVolumeLocation } from '../../lib/openstack/block-storage/rbd-names.js';
import {
  createSnapshot,
  deleteSnapshot,
  waitForSnapshot,
  waitForSnapshotDeleted,
} from '../../lib/openstack/block-storage/snapshots.js';
import { getDefaultVolumeType } from '../../lib/openstack/block-storage/types-and-limits.js';
import {
  type CreateVolumeOptions,
  type Volume,
  waitForVolume,
} from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import {
  attachVolume,
  detachVolume,
  listInterfaces,
  listVolumeAttachments,
} from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  createServerImage,
  deleteServer,
  getServer,
  type Server,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { deleteImage, getImage, type Image } from '../../lib/openstack/image/images.js';
import type { Network } from '../../lib/openstack/network/networks.js';
import { Cleanup, sessionFor, uniqueName } from './support/cloud.js';
import { makeImage, makeVolume, projectNetwork, rbd } from './support/fixtures.js';

const session = sessionFor('demo');
const cleanup = new Cleanup();
let image: Image;
let network: Network;
let flavorId: string;
let server: Server;
let volume: Volume;

const newVolume = (options: CreateVolumeOptions): Promise<Volume> => makeVolume(session, cleanup, options);

beforeAll(async () => {
  image = await makeImage(session, cleanup, 'boot-image');
  network = await projectNetwork(session, 'demo');
  const tiny = (await listFlavors(session)).find((f) => f.name === 'm1.tiny');
  if (!tiny) throw new Error('flavor m1.tiny is missing: rerun npm run cloud:up');
  flavorId = tiny.id;
  const booted = await createServer(session, {
    name: uniqueName('server'),
    imageRef: image.id,
    flavorRef: flavorId,
    networks: [{ uuid: network.id }],
  });
  cleanup.add(`server ${booted.id}`, async () => {
    await deleteServer(session, booted.id);
    await waitForServerDeleted(session, booted.id, { timeoutMs: 120_000 });
  });
  server = await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
  volume = await newVolume({ size: 1, name: uniqueName('data') });
});
afterAll(() => cleanup.run());

describe('a server with an attached RBD volume (fake virt driver, Ceph-backed Cinder)', () => {
  it('boots on the project network with one interface', async () => {
    expect(server.image).toMatchObject({ id: image.id });
    const interfaces = await listInterfaces(session, server.id);
    expect(interfaces.map((i) => i.net_id)).toEqual([network.id]);
    expect(server.addresses[network.name]?.[0]?.addr).toMatch(/^10\.10\.0\./);
  });

  it('creates volumes of the default type rbd', async () => {
    expect((await getDefaultVolumeType(session)).name).toBe('rbd');
    expect(volume.volume_type).toBe('rbd');
  });

  it('attaches the volume and snapshots it while in use', async () => {
    await attachVolume(session, server.id, volume.id);
    const inUse = await waitForVolume(session, volume.id, ['in-use'], { timeoutMs: 120_000 });
    expect(inUse.attachments.map((a) => a.server_id)).toEqual([server.id]);
    expect((await listVolumeAttachments(session, server.id)).map((a) => a.volumeId)).toEqual([volume.id]);
    expect((await getServer(session, server.id))['os-extended-volumes:volumes_attached']).toEqual([
      expect.objectContaining({ id: volume.id }),
    ]);

    const snapshot = await createSnapshot(session, {
      volume_id: volume.id,
      name: uniqueName('snap'),
      force: true,
    });
    cleanup.add(`snapshot ${snapshot.id}`, async () => {
      await deleteSnapshot(session, snapshot.id);
      await waitForSnapshotDeleted(session, snapshot.id, { timeoutMs: 120_000 });
    });
    expect((await waitForSnapshot(session, snapshot.id, ['available'], { timeoutMs: 120_000 })).status).toBe(
      'available',
    );

    // the names Cinder's RBD driver uses, found from the ids, are what Ceph holds
    const where = rbdSnapshotLocation(volume.id, snapshot.id);
    expect(where.snapSpec).toBe(`volumes/volume-${volume.id}@snapshot-${snapshot.id}`);
    expect((await rbd('ls', where.pool)).split('\n')).toContain(rbdVolumeLocation(volume).image);
    const snaps = JSON.parse(await rbd('snap', 'ls', '--format', 'json', where.spec)) as { name: string }[];
    expect(snaps.map((s) => s.name)).toContain(where.snapshot);

    // a volume made from the in-use snapshot (an RBD clone) becomes available
    const fromSnap = await newVolume({ size: 1, snapshot_id: snapshot.id, name: uniqueName('from-snap') });
    expect(fromSnap.snapshot_id).toBe(snapshot.id);
  });

  it('creates a server snapshot image that stays queued (the fake driver uploads no data)', async () => {
    const imageId = await createServerImage(session, server.id, uniqueName('server-snap'));
    cleanup.add(`image ${imageId}`, () => deleteImage(session, imageId));
    await waitForServer(session, server.id, ['ACTIVE'], { timeoutMs: 60_000 });
    const snapshotImage = await getImage(session, imageId);
    expect(snapshotImage.status).toBe('queued');
    expect(snapshotImage.size).toBeNull();
  });

  it('detaches the volume again', async () => {
    await detachVolume(session, server.id, volume.id);
    const detached = await waitForVolume(session, volume.id, ['available'], { timeoutMs: 120_000 });
    expect(detached.attachments).toEqual([]);
  });

  it('boots from a volume with a block device mapping; the server then has no image', async () => {
    const bootVolume = await newVolume({ size: 1, imageRef: image.id, name: uniqueName('boot-vol') });
    expect(bootVolume.bootable).toBe('true');
    const booted = await createServer(session, {
      name: uniqueName('bfv'),
      flavorRef: flavorId,
      networks: 'none',
      block_device_mapping_v2: [
        {
          boot_index: 0,
          uuid: bootVolume.id,
          source_type: 'volume',
          destination_type: 'volume',
          delete_on_termination: false,
        },
      ],
    });
    cleanup.add(`server ${booted.id}`, async () => {
      await deleteServer(session, booted.id);
      await waitForServerDeleted(session, booted.id, { timeoutMs: 120_000 });
      await waitForVolume(session, bootVolume.id, ['available'], { timeoutMs: 120_000 });
    });
    const active = await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
    expect(active.image).toBe('');
    expect(
      (await waitForVolume(session, bootVolume.id, ['in-use'], { timeoutMs: 60_000 })).attachments[0]
        ?.server_id,
    ).toBe(booted.id);
  });
});
