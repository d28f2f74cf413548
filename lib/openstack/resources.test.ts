import { describe, expect, it } from 'vitest';
import { rbdSnapshotLocation, rbdVolumeLocation, volumeBackend } from './block-storage/rbd-names.js';
import { getSnapshot } from './block-storage/snapshots.js';
import { getVolumeLimits, listVolumeTypes } from './block-storage/types-and-limits.js';
import { getVolume, listVolumes } from './block-storage/volumes.js';
import { listVolumeAttachments } from './compute/server-attachments.js';
import { getServer, listServers } from './compute/servers.js';
import { UnexpectedStatusError } from './errors.js';
import { demoToken, fixture, loadFixtures, replaySession } from './fixtures/replay.js';
import { getImage, listImages } from './image/images.js';
import { networks } from './network/networks.js';

const compute = loadFixtures('compute');
const storage = loadFixtures('block-storage');
const image = loadFixtures('image');
const network = loadFixtures('network');
const pick = (set: typeof compute, ...names: string[]) => [demoToken(), ...names.map((n) => fixture(set, n))];
const series = (set: typeof compute, prefix: string) => set.filter((e) => e.name.startsWith(`${prefix}#`));

describe('replayed service answers', () => {
  it('pages Nova servers by servers_links and reads the attached volume', async () => {
    const { session, requests } = replaySession([demoToken(), ...series(compute, 'servers-page')]);
    const servers = await listServers(session, {}, 1);
    expect(servers.map((s) => s.name)).toEqual(['fixture-vm']);
    expect(requests[2]?.url).toMatch(/\/servers\/detail\?limit=1&marker=/);
    const show = replaySession(pick(compute, 'server-show', 'server-volume-attachments')).session;
    const server = await getServer(show, servers[0]?.id ?? '');
    expect(server.status).toBe('ACTIVE');
    expect(server.image).toMatchObject({ id: expect.any(String) });
    const attachments = await listVolumeAttachments(show, server.id);
    expect(attachments.map((a) => a.volumeId)).toEqual(
      server['os-extended-volumes:volumes_attached'].map((v) => v.id),
    );
  });

  it('pages Cinder volumes by volumes_links with the volume microversion header', async () => {
    const { session, requests } = replaySession([demoToken(), ...series(storage, 'volumes-page')]);
    const volumes = await listVolumes(session, {}, 1);
    expect(volumes.map((v) => v.name).sort()).toEqual(['fixture-data', 'fixture-second']);
    expect(requests[1]?.headers.get('openstack-api-version')).toBe('volume 3.64');
  });

  it('reads an in-use RBD volume, its snapshot, the types and the limits', async () => {
    const { session } = replaySession(
      pick(storage, 'volume-show-in-use', 'snapshot-show', 'volume-types', 'limits'),
    );
    const volumes = loadFixtures('block-storage');
    const volumeId = (fixture(volumes, 'volume-show-in-use').body as { volume: { id: string } }).volume.id;
    const volume = await getVolume(session, volumeId);
    expect(volume).toMatchObject({ status: 'in-use', volume_type: 'rbd', availability_zone: 'nova' });
    expect(volume.attachments).toHaveLength(1);
    const snapshotId = (fixture(volumes, 'snapshot-show').body as { snapshot: { id: string } }).snapshot.id;
    const snapshot = await getSnapshot(session, snapshotId);
    expect(snapshot.volume_id).toBe(volume.id);
    expect((await listVolumeTypes(session)).map((t) => t.name)).toEqual(
      expect.arrayContaining(['rbd', 'nfs']),
    );
    expect((await getVolumeLimits(session)).totalVolumesUsed).toBeGreaterThanOrEqual(2);
    expect(rbdSnapshotLocation(volume, snapshot).snapSpec).toBe(
      `volumes/volume-${volume.id}@snapshot-${snapshot.id}`,
    );
  });

  it('pages Glance images by next', async () => {
    const { session, requests } = replaySession([demoToken(), ...series(image, 'images-page')]);
    const images = await listImages(session, {}, 1);
    expect(images.map((i) => i.name)).toEqual(
      expect.arrayContaining(['fixture-queued', 'karbor-test-image']),
    );
    expect(requests.at(-1)?.url).toMatch(/\/v2\/images\?limit=1&marker=/);
  });

  it('pages Neutron networks by networks_links', async () => {
    const { session } = replaySession([demoToken(), ...series(network, 'networks-page')]);
    const projectId = (demoToken().body as { token: { project: { id: string } } }).token.project.id;
    const names = (await networks.list(session, { project_id: projectId }, 1)).map((n) => n.name);
    expect(names).toContain('demo-net');
    expect(names).toHaveLength(2);
  });

  it.each([
    [
      'server-not-found',
      compute,
      () => getServer,
      /nova: show server .* returned 404, expected 200 \(request id req-[\w-]+\): Instance 0{8}-.* could not be found\./,
    ],
    [
      'volume-not-found',
      storage,
      () => getVolume,
      /cinder: show volume .*: Volume 0{8}-.* could not be found\./,
    ],
    [
      'image-not-found',
      image,
      () => getImage,
      /glance: show image .*: No image found with ID 0{8}-0000-0000-0000-0{12}$/,
    ],
    [
      'network-not-found',
      network,
      () => networks.get,
      /neutron: show network .*: Network 0{8}-.* could not be found\./,
    ],
  ])(
    'reports the 404 of %s with the call, request id and service message',
    async (name, set, call, message) => {
      const { session } = replaySession(pick(set, name));
      const error = await call()(session, '00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedStatusError);
      expect((error as UnexpectedStatusError).isNotFound).toBe(true);
      expect((error as Error).message).toMatch(message);
    },
  );
});

describe('Cinder RBD names', () => {
  it('derives image and snapshot names, honouring a migrated volume name_id and the pool', () => {
    expect(rbdVolumeLocation('v1')).toEqual({
      pool: 'volumes',
      image: 'volume-v1',
      spec: 'volumes/volume-v1',
    });
    expect(rbdVolumeLocation({ id: 'v1', 'os-vol-mig-status-attr:name_id': 'v0' }, 'fast').spec).toBe(
      'fast/volume-v0',
    );
    expect(rbdSnapshotLocation('v1', 's1').snapSpec).toBe('volumes/volume-v1@snapshot-s1');
    expect(volumeBackend({ 'os-vol-host-attr:host': 'localhost@rbd1#rbd1' })).toBe('rbd1');
    expect(volumeBackend({})).toBeUndefined();
  });
});
