import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteSnapshot,
  listSnapshots,
  waitForSnapshotDeleted,
} from '../../lib/openstack/block-storage/snapshots.js';
import type { Volume } from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import {
  createServer,
  deleteServer,
  type Server,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { Cleanup, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { makeImage, makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import { FaultyFetch, type FetchFault, request } from './support/fault-fetch.js';
import { createPlan, leftovers, protect, runsOf } from './support/protect-world.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/**
 * An OpenStack error at each step of protecting a volume (both paths) and a server ends the
 * checkpoint in `error` with the reason, and leaves no snapshot, temporary volume or image of
 * the resource behind, counted through the OpenStack APIs as the demo user.
 */

const session = sessionFor('demo');
const cleanup = new Cleanup();
const uuid = '[0-9a-f-]{36}';
let faults: FaultyFetch;
let world: WorkflowApi;
let demo: Tenant;
let rbdVolume: Volume;
let nfsVolume: Volume;
let server: Server;
let bootImage = '';
const plans: Record<'rbd' | 'nfs' | 'server', string> = { rbd: '', nfs: '', server: '' };

beforeAll(async () => {
  process.env.KARBOR_RBD_BACKENDS = 'type:rbd=volumes';
  process.env.CEPH_CONF = process.env.KARBOR_TESTCLOUD_CEPH_CONF;
  process.env.CEPH_ARGS = '--id karbor-mover';
  faults = new FaultyFetch();
  world = await startWorkflowApi();
  demo = await tenant('demo');
  rbdVolume = await makeVolume(session, cleanup, {
    size: 1,
    name: uniqueName('fault-rbd'),
    volume_type: 'rbd',
  });
  nfsVolume = await makeVolume(session, cleanup, {
    size: 1,
    name: uniqueName('fault-nfs'),
    volume_type: 'nfs',
  });
  const image = await makeImage(session, cleanup, 'fault-server-image');
  bootImage = image.id;
  const network = await projectNetwork(session, 'demo');
  const tiny = (await listFlavors(session)).find((f) => f.name === 'm1.tiny');
  const booted = await createServer(session, {
    name: uniqueName('fault-server'),
    imageRef: image.id,
    flavorRef: tiny?.id ?? '1',
    networks: [{ uuid: network.id }],
  });
  cleanup.add(`server ${booted.id}`, async () => {
    await deleteServer(session, booted.id);
    await waitForServerDeleted(session, booted.id, { timeoutMs: 120_000 });
  });
  server = await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
  const volumeResource = (v: Volume) => ({ id: v.id, type: 'OS::Cinder::Volume', name: v.name ?? '' });
  plans.rbd = await createPlan(world, demo, uniqueName('fault-rbd'), [volumeResource(rbdVolume)]);
  plans.nfs = await createPlan(world, demo, uniqueName('fault-nfs'), [volumeResource(nfsVolume)]);
  // the image the server boots from is protected too; only the server's own steps are faulted
  plans.server = await createPlan(world, demo, uniqueName('fault-server'), [
    { id: server.id, type: 'OS::Nova::Server', name: server.name },
  ]);
}, 600_000);

afterAll(async () => {
  faults?.uninstall();
  await cleanup.run();
  await world?.close();
});

const protectWith = async (plan: keyof typeof plans, fault: FetchFault | undefined, ids: string[]) => {
  const before = await leftovers(session, ids);
  expect(before).toEqual({ snapshots: [], volumes: [], images: [] });
  let checkpoint: Awaited<ReturnType<typeof protect>>;
  try {
    // armed once the API made the checkpoint: its resource graph reads the same resources
    checkpoint = await protect(world, demo, plans[plan], () => fault && faults.inject(fault));
  } finally {
    faults.clear();
  }
  expect(checkpoint.status).toBe('error');
  if (fault) expect(faults.injected).toBeGreaterThan(0);
  expect(await leftovers(session, ids)).toEqual(before);
  return String(checkpoint.extra.fail_reason ?? '');
};

const volumeUrl = (id: () => string) => new RegExp(`/volumes/${id()}$`);

describe('protect faults: RBD volume (changed-block path)', () => {
  const ids = () => [rbdVolume.id];
  it.each([
    [
      'reading the volume',
      () =>
        request(
          'GET',
          volumeUrl(() => rbdVolume.id),
        ),
      4,
    ],
    ['creating the snapshot', () => request('POST', /\/snapshots$/), 1],
    ['waiting for the snapshot', () => request('GET', new RegExp(`/snapshots/${uuid}$`)), 4],
  ] as const)('an error %s ends in error and leaves nothing', async (_step, when, times) => {
    const reason = await protectWith('rbd', { when: when(), status: 500, times }, ids());
    expect(reason).toMatch(/returned 500.*injected 500/);
  });

  it('a failing mover ends in error and leaves nothing', async () => {
    process.env.CEPH_ARGS = '--id nobody';
    try {
      const reason = await protectWith('rbd', undefined, ids());
      expect(reason).toMatch(/mover failed/);
    } finally {
      process.env.CEPH_ARGS = '--id karbor-mover';
    }
  });
});

describe('protect faults: NFS volume (API path)', () => {
  const ids = () => [nfsVolume.id];
  const notSource = (url: URL) => url.pathname.endsWith(nfsVolume.id);
  it.each([
    ['creating the temporary volume', () => request('POST', /\/volumes$/), 1],
    ['waiting for the temporary volume', () => request('GET', new RegExp(`/volumes/${uuid}$`), notSource), 4],
    ['uploading it to an image', () => request('POST', new RegExp(`/volumes/${uuid}/action$`)), 1],
    ['waiting for the image', () => request('GET', new RegExp(`/v2/images/${uuid}$`)), 4],
  ] as const)('an error %s ends in error and leaves nothing', async (_step, when, times) => {
    const reason = await protectWith('nfs', { when: when(), status: 500, times }, ids());
    expect(reason).toMatch(/returned 500.*injected 500/);
  });
});

describe('protect faults: server', () => {
  const ids = () => [server.id];
  const notServer = (url: URL) => !url.pathname.endsWith(server.id);
  it.each([
    ['reading the server', () => request('GET', new RegExp(`/servers/${uuid}$`), notServer), 4],
    ['creating the snapshot image', () => request('POST', new RegExp(`/servers/${uuid}/action$`)), 1],
    [
      'waiting for the snapshot image',
      () => request('GET', new RegExp(`/v2/images/${uuid}$`), (url) => url.pathname.endsWith(bootImage)),
      4,
    ],
  ] as const)('an error %s ends in error and leaves nothing', async (_step, when, times) => {
    const reason = await protectWith('server', { when: when(), status: 500, times }, ids());
    expect(reason).toMatch(/returned 500.*injected 500/);
  });
});

describe('protect faults: a failed incremental of an RBD volume', () => {
  it('keeps the snapshot of the last good checkpoint, which the next checkpoint then diffs from', async () => {
    const key = `OS::Cinder::Volume#${rbdVolume.id}`;
    cleanup.add('snapshots karbor kept', async () => {
      for (const snapshot of await listSnapshots(session, { volume_id: rbdVolume.id })) {
        await deleteSnapshot(session, snapshot.id);
        await waitForSnapshotDeleted(session, snapshot.id, { timeoutMs: 120_000 });
      }
    });
    const chain = await createPlan(world, demo, uniqueName('fault-chain'), [
      { id: rbdVolume.id, type: 'OS::Cinder::Volume', name: rbdVolume.name ?? '' },
    ]);
    const good = await protect(world, demo, chain);
    expect(good.status).toBe('available');
    const kept = (await runsOf(demo.project, good.id)).get(key)?.data.retained_snapshot_id;
    expect((await leftovers(session, [rbdVolume.id])).snapshots).toEqual([
      `karbor-${good.id}-${rbdVolume.id}`,
    ]);

    process.env.CEPH_ARGS = '--id nobody';
    try {
      const failed = await protect(world, demo, chain);
      expect(failed.status).toBe('error');
      expect(String(failed.extra.fail_reason)).toMatch(/mover failed/);
    } finally {
      process.env.CEPH_ARGS = '--id karbor-mover';
    }
    expect(await leftovers(session, [rbdVolume.id])).toEqual({
      snapshots: [`karbor-${good.id}-${rbdVolume.id}`],
      volumes: [],
      images: [],
    });

    // the previous snapshot cannot be deleted: this run fails and takes its own snapshot with it
    const failedDelete = await protect(world, demo, chain, () =>
      faults.inject({ when: request('DELETE', new RegExp(`/snapshots/${kept}$`)), status: 500, times: 4 }),
    );
    faults.clear();
    expect(failedDelete.status).toBe('error');
    expect(String(failedDelete.extra.fail_reason)).toMatch(/delete snapshot.*returned 500/);
    expect((await leftovers(session, [rbdVolume.id])).snapshots).toEqual([
      `karbor-${good.id}-${rbdVolume.id}`,
    ]);

    const next = await protect(world, demo, chain);
    expect(next.status).toBe('available');
    expect((await runsOf(demo.project, next.id)).get(key)?.result).toMatchObject({
      parent_checkpoint_id: good.id,
      changed_blocks_since_snapshot: kept,
    });
    expect((await leftovers(session, [rbdVolume.id])).snapshots).toEqual([
      `karbor-${next.id}-${rbdVolume.id}`,
    ]);
  });
});
