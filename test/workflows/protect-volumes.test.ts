import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteSnapshot,
  getSnapshot,
  listSnapshots,
  waitForSnapshotDeleted,
} from '../../lib/openstack/block-storage/snapshots.js';
import { type Volume, waitForVolume } from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import { attachVolume } from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  type Server,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { isNotFound } from '../../lib/openstack/errors.js';
import type { Image } from '../../lib/openstack/image/images.js';
import type { ResourceRun } from '../../lib/workflows/runs/resource-runs.js';
import { Cleanup, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { makeImage, makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import { changeBlocks, writeVolume } from '../support/volumes.js';
import {
  createPlan,
  leftovers,
  protect,
  restoreToFile,
  runsOf,
  sha256File,
  writeExtentsToRbd,
  writeFileToRbd,
} from './support/protect-world.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/**
 * Volumes and servers protected end to end: the API in keystone mode, the real protect state
 * machine and the mover as a child process against the test cloud. RBD volumes (type `rbd`)
 * take the changed-block path, NFS volumes (type `nfs`) the API path.
 */

const GiB = 1 << 30;
const MiB = 1 << 20;
const session = sessionFor('demo');
const cleanup = new Cleanup();
const work = mkdtempSync(join(tmpdir(), 'karbor-protect-volumes-'));
let world: WorkflowApi;
let demo: Tenant;
let image: Image;
let server: Server;
let detached: Volume;
let attached: Volume;
const detachedFile = join(work, 'detached.raw');
const attachedFile = join(work, 'attached.raw');

/** A file of `size` bytes whose first `dataBytes` are known data, the rest zeros. */
const knownData = async (path: string, kind: 'os-like' | 'random', dataBytes: number, seed: string) => {
  await writeVolume(path, kind, dataBytes, seed);
  truncateSync(path, GiB);
};

const run = (runs: Map<string, ResourceRun>, type: string, id: string): ResourceRun => {
  const found = runs.get(`${type}#${id}`);
  if (!found) throw new Error(`no run for ${type} ${id}; runs: ${[...runs.keys()].join(', ')}`);
  return found;
};

const deleteSnapshotsOf = async (volumeIds: readonly string[]) => {
  for (const snapshot of await listSnapshots(session)) {
    if (!volumeIds.includes(snapshot.volume_id)) continue;
    await deleteSnapshot(session, snapshot.id).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    await waitForSnapshotDeleted(session, snapshot.id, { timeoutMs: 120_000 });
  }
};

beforeAll(async () => {
  process.env.KARBOR_RBD_BACKENDS = 'type:rbd=volumes';
  process.env.CEPH_CONF = process.env.KARBOR_TESTCLOUD_CEPH_CONF;
  process.env.CEPH_ARGS = '--id karbor-mover';
  world = await startWorkflowApi();
  demo = await tenant('demo');
  image = await makeImage(session, cleanup, 'server-image');
  const network = await projectNetwork(session, 'demo');
  const tiny = (await listFlavors(session)).find((f) => f.name === 'm1.tiny');
  if (!tiny) throw new Error('flavor m1.tiny is missing');
  detached = await makeVolume(session, cleanup, {
    size: 1,
    name: uniqueName('detached'),
    volume_type: 'rbd',
  });
  attached = await makeVolume(session, cleanup, {
    size: 1,
    name: uniqueName('attached'),
    volume_type: 'rbd',
  });
  cleanup.add('snapshots karbor kept', () => deleteSnapshotsOf([detached.id, attached.id]));
  const booted = await createServer(session, {
    name: uniqueName('server'),
    imageRef: image.id,
    flavorRef: tiny.id,
    networks: [{ uuid: network.id }],
    metadata: { role: 'db' },
  });
  cleanup.add(`server ${booted.id}`, async () => {
    await deleteServer(session, booted.id);
    await waitForServerDeleted(session, booted.id, { timeoutMs: 120_000 });
    await waitForVolume(session, attached.id, ['available'], { timeoutMs: 120_000 });
  });
  server = await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
  await knownData(detachedFile, 'os-like', 64 * MiB, 'detached');
  await knownData(attachedFile, 'random', 16 * MiB, 'attached');
  await writeFileToRbd(detached.id, detachedFile, GiB);
  await writeFileToRbd(attached.id, attachedFile, GiB);
  await attachVolume(session, server.id, attached.id);
  attached = await waitForVolume(session, attached.id, ['in-use'], { timeoutMs: 120_000 });
}, 600_000);

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await cleanup.run();
  await world?.close();
});

describe('protect workflow: volumes and a server', () => {
  let planId: string;
  let first: { id: string; extra: Record<string, unknown> };

  it('protects a detached and an in-use RBD volume and a server on the changed-block path', async () => {
    planId = await createPlan(world, demo, uniqueName('volumes'), [
      { id: detached.id, type: 'OS::Cinder::Volume', name: detached.name ?? '' },
      { id: server.id, type: 'OS::Nova::Server', name: server.name },
    ]);
    const checkpoint = await protect(world, demo, planId);
    expect(checkpoint.status, JSON.stringify(checkpoint.extra)).toBe('available');
    first = checkpoint;
    console.info('first checkpoint', JSON.stringify(checkpoint.extra));
    const runs = await runsOf(demo.project, checkpoint.id);

    const full = run(runs, 'OS::Cinder::Volume', detached.id);
    expect(full.result).toMatchObject({
      manifest: true,
      path: 'rbd',
      parent_checkpoint_id: null,
      volume: { name: detached.name, size_gb: 1, volume_type: 'rbd', bootable: false, attachments: [] },
    });
    expect(full.result?.bytes_read).toBeGreaterThanOrEqual(64 * MiB);
    expect(full.result?.bytes_read).toBeLessThan(GiB / 4); // only what Ceph holds, not the zeros
    const inUse = run(runs, 'OS::Cinder::Volume', attached.id);
    expect(inUse.result).toMatchObject({
      path: 'rbd',
      volume: { attachments: [{ server_id: server.id, device: expect.any(String) }] },
    });

    const saved = run(runs, 'OS::Nova::Server', server.id).result;
    expect(saved).toMatchObject({
      server: {
        name: server.name,
        image_id: image.id,
        boot: 'image',
        metadata: { role: 'db' },
        security_groups: ['default'],
        block_device_mapping: [{ volume_id: attached.id, boot_index: null }],
      },
      // Nova's fake driver finishes createImage without uploading anything
      root_disk: null,
      root_disk_reason: expect.stringContaining('uploaded no data'),
    });
    const definition = saved?.server as { flavor_id: string; networks: { fixed_ips: string[] }[] };
    expect(definition.flavor_id).toBeTruthy();
    expect(definition.networks).toEqual([
      expect.objectContaining({ fixed_ips: [expect.stringMatching(/^10\./)] }),
    ]);

    // the newest snapshot of each RBD volume is kept for the next checkpoint, nothing else
    const left = await leftovers(session, [detached.id, attached.id, server.id]);
    expect(left).toEqual({
      snapshots: expect.arrayContaining([
        `karbor-${checkpoint.id}-${detached.id}`,
        `karbor-${checkpoint.id}-${attached.id}`,
      ]),
      volumes: [],
      images: [],
    });
    expect(left.snapshots).toHaveLength(2);
    expect(full.data.retained_snapshot_id).toEqual(expect.any(String));
  });

  it("stored the volumes' bytes: the mover restores them bit for bit", async () => {
    for (const [volume, file] of [
      [detached, detachedFile],
      [attached, attachedFile],
    ] as const) {
      const restored = join(work, `restored-${volume.id}.raw`);
      await restoreToFile(world.store, demo.project, first.id, volume.id, restored);
      expect(await sha256File(restored)).toBe(await sha256File(file));
    }
  });

  it('reads and stores only the changed blocks the second time', async () => {
    const extents = await changeBlocks(detachedFile, GiB, 4 * MiB, 0.01, 'second');
    await writeExtentsToRbd(detached.id, GiB, extents);
    const firstRuns = await runsOf(demo.project, first.id);
    const kept = run(firstRuns, 'OS::Cinder::Volume', detached.id).data.retained_snapshot_id as string;

    const checkpoint = await protect(world, demo, planId);
    expect(checkpoint.status, JSON.stringify(checkpoint.extra)).toBe('available');
    console.info('second checkpoint', JSON.stringify(checkpoint.extra), `${extents.length} blocks changed`);
    const runs = await runsOf(demo.project, checkpoint.id);
    const second = run(runs, 'OS::Cinder::Volume', detached.id);
    expect(second.result).toMatchObject({
      path: 'rbd',
      parent_checkpoint_id: first.id,
      changed_blocks_since_snapshot: kept,
    });
    const changedBytes = extents.length * 4 * MiB;
    expect(second.result?.bytes_read).toBeGreaterThan(0);
    expect(second.result?.bytes_read).toBeLessThanOrEqual(changedBytes);
    expect(second.result?.bytes_stored).toBeLessThanOrEqual(changedBytes);
    const unchanged = run(runs, 'OS::Cinder::Volume', attached.id);
    expect(unchanged.result?.bytes_read).toBe(0);
    expect(unchanged.result?.bytes_stored).toBe(0);
    // the checkpoint as a whole: a little over the changed blocks (the 1 MiB image is hash-diffed)
    expect(checkpoint.extra.bytes_read as number).toBeLessThanOrEqual(changedBytes + 2 * MiB);
    expect(checkpoint.extra.bytes_stored as number).toBeLessThanOrEqual(changedBytes);
    expect(first.extra.bytes_read as number).toBeGreaterThan(5 * (checkpoint.extra.bytes_read as number));

    // the previous snapshot is gone, this checkpoint's is kept
    await expect(getSnapshot(session, kept)).rejects.toSatisfy(isNotFound);
    const left = await leftovers(session, [detached.id, attached.id, server.id]);
    expect(left.snapshots.sort()).toEqual(
      [`karbor-${checkpoint.id}-${detached.id}`, `karbor-${checkpoint.id}-${attached.id}`].sort(),
    );
    expect([left.volumes, left.images]).toEqual([[], []]);

    const restored = join(work, 'restored-second.raw');
    await restoreToFile(world.store, demo.project, checkpoint.id, detached.id, restored);
    expect(await sha256File(restored)).toBe(await sha256File(detachedFile));
  });
});

describe('protect workflow: a volume on a backend the mover cannot reach (API path)', () => {
  it('goes through a temporary volume and image, stores the bytes and leaves nothing behind', async () => {
    const nfs = await makeVolume(session, cleanup, { size: 1, name: uniqueName('nfs'), volume_type: 'nfs' });
    const file = join(work, 'nfs.raw');
    await knownData(file, 'os-like', 16 * MiB, 'nfs');
    // the NFS driver keeps a volume as a sparse raw file in the share: write it as a guest would
    const backing = await open(
      join(process.env.KARBOR_TESTCLOUD_DIR ?? '', 'data', 'nfs-export', `volume-${nfs.id}`),
      'r+',
    );
    const source = await open(file, 'r');
    try {
      const data = Buffer.alloc(16 * MiB);
      await source.read(data, 0, data.length, 0);
      await backing.write(data, 0, data.length, 0);
      await backing.sync();
    } finally {
      await source.close();
      await backing.close();
    }
    const planId = await createPlan(world, demo, uniqueName('nfs'), [
      { id: nfs.id, type: 'OS::Cinder::Volume', name: nfs.name ?? '' },
    ]);
    const before = await leftovers(session, [nfs.id]);
    const checkpoint = await protect(world, demo, planId);
    expect(checkpoint.status, JSON.stringify(checkpoint.extra)).toBe('available');
    console.info('api path checkpoint', JSON.stringify(checkpoint.extra));
    const result = run(await runsOf(demo.project, checkpoint.id), 'OS::Cinder::Volume', nfs.id).result;
    expect(result).toMatchObject({ manifest: true, path: 'api', volume: { volume_type: 'nfs', size_gb: 1 } });
    expect(await leftovers(session, [nfs.id])).toEqual(before);
    expect(before).toEqual({ snapshots: [], volumes: [], images: [] });

    const restored = join(work, 'restored-nfs.raw');
    await restoreToFile(world.store, demo.project, checkpoint.id, nfs.id, restored);
    expect(await sha256File(restored)).toBe(await sha256File(file));
  });
});
