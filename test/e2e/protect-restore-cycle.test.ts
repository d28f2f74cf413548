import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManifest, referencedHashes } from '../../lib/blocks/manifest.js';
import { getVolume, listVolumes, waitForVolume } from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import { attachVolume } from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  getServer,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { getImage } from '../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../lib/openstack/session.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { keystreamBytes, volumeSha256, writeVolumeBytes } from '../../scripts/demo/volume-data.js';
import { Cleanup, uniqueName } from '../openstack/support/cloud.js';
import { imageSha256, makeImage, makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import { filesUnder } from '../workflows/support/checkpoints.js';
import {
  parseCliDict,
  removeRestored,
  restoredIds,
  runGc,
  startWorld,
  type Tenant,
  tenantOf,
  type World,
} from './support/world.js';

/**
 * The whole product as a tenant meets it: the real karbor CLI against the local stack on the
 * test cloud. A plan holding a detached volume, a server with an attached volume (both with
 * known data), an image and the project's network is protected, changed, protected again,
 * restored into the same project and into alt_demo, verified and deleted.
 */

const mib = 1 << 20;
const block = 4 * mib;
const provider = blockProvider.id;

describe('protect → change → protect → restore (same project, alt_demo) → verify → delete', () => {
  let world: World;
  let altDemo: Tenant;
  const cleanup = new Cleanup();
  const made: Record<string, string> = {};
  const checkpoints: Record<string, { id: string; extra: Record<string, number> }> = {};

  const protect = async (planId: string) => {
    const created = await world.karbor.show(['checkpoint-create', provider, planId]);
    const done = await world.karbor.waitFor(
      ['checkpoint-show', provider, created.id as string],
      (row) => row.status !== 'protecting',
    );
    expect(done.status, done.extra_info).toBe('available');
    return { id: created.id as string, extra: JSON.parse(done.extra_info ?? '{}') as Record<string, number> };
  };

  /** Restores the second checkpoint with the CLI's extra arguments; what it made is removed from `session`'s project afterwards. */
  const restore = async (session: KeystoneSession, args: string[]) => {
    const created = await world.karbor.show([
      'restore-create',
      ...args,
      provider,
      checkpoints.second?.id as string,
    ]);
    const done = await world.karbor.waitFor(
      ['restore-show', created.id as string],
      (row) => row.status !== 'in_progress',
    );
    const statuses = parseCliDict(done.resources_status);
    cleanup.add(`restore ${created.id}`, () => removeRestored(session, created.id as string, statuses));
    expect(done.status, done.resources_reason).toBe('success');
    return statuses;
  };

  beforeAll(async () => {
    world = await startWorld(mkdtempSync(join(tmpdir(), 'karbor-e2e-')));
    altDemo = await tenantOf('alt_demo');
    const { session } = world.demo;
    const image = await makeImage(session, cleanup, 'e2e-image');
    const network = await projectNetwork(session, 'demo');
    const [flavor] = (await listFlavors(session)).sort((a, b) => a.ram - b.ram);
    const detached = await makeVolume(session, cleanup, { size: 1, name: uniqueName('e2e-detached') });
    const attached = await makeVolume(session, cleanup, { size: 1, name: uniqueName('e2e-attached') });
    for (const [volume, seed] of [
      [detached.id, 'detached'],
      [attached.id, 'attached'],
    ] as const)
      for (let offset = 0; offset < 32 * mib; offset += 8 * mib)
        await writeVolumeBytes(volume, offset, keystreamBytes(`${seed}-${offset}`, 8 * mib));
    const server = await createServer(session, {
      name: uniqueName('e2e-server'),
      flavorRef: flavor?.id ?? '',
      imageRef: image.id,
      networks: [{ uuid: network.id }],
    });
    cleanup.add(`server ${server.id}`, async () => {
      await deleteServer(session, server.id);
      await waitForServerDeleted(session, server.id, { timeoutMs: 120_000 });
    });
    await waitForServer(session, server.id, ['ACTIVE'], { timeoutMs: 180_000 });
    await attachVolume(session, server.id, attached.id);
    await waitForVolume(session, attached.id, ['in-use'], { timeoutMs: 120_000 });
    Object.assign(made, {
      image: image.id,
      network: network.id,
      flavor: flavor?.id ?? '',
      detached: detached.id,
      attached: attached.id,
      server: server.id,
    });
  });

  afterAll(async () => {
    await cleanup.run();
    await world?.stack.stop();
  });

  it('protects the plan: every resource available', async () => {
    const { demo } = world;
    const resources = [
      `${made.detached}=OS::Cinder::Volume=detached`,
      `${made.server}=OS::Nova::Server=server`,
      `${made.image}=OS::Glance::Image=image`,
      `${demo.project}=OS::Neutron::Network=network`,
    ].join(',');
    const plan = await world.karbor.show(['plan-create', 'e2e', provider, resources]);
    made.plan = plan.id as string;
    // runs before the volumes go: deleting the checkpoints releases the snapshots they keep
    cleanup.add('checkpoints of the plan', async () => {
      const listed = await world.karbor.list(['checkpoint-list', provider, '--plan_id', made.plan as string]);
      for (const row of listed.filter((r) => r.Status !== 'deleted' && r.Status !== 'deleting'))
        await world.karbor.run(['checkpoint-delete', provider, row.Id as string]);
      for (const row of listed)
        await world.karbor.waitFor(
          ['checkpoint-show', provider, row.Id as string],
          (c) => c.status !== 'deleting',
        );
    });
    checkpoints.first = await protect(made.plan);
    expect(checkpoints.first.extra.bytes_read).toBeGreaterThanOrEqual(64 * mib);
  });

  it('protects again after 1% changed: only the changed blocks are read and stored', async () => {
    const changedBlocks = 3;
    for (const volume of [made.detached, made.attached] as string[])
      for (let n = 0; n < changedBlocks; n++)
        await writeVolumeBytes(volume, (5 + n * 7) * block, keystreamBytes(`${volume}-change-${n}`, block));
    checkpoints.second = await protect(made.plan as string);
    const changed = 2 * changedBlocks * block;
    const { extra } = checkpoints.second;
    // the image and the server's root disk are small and read again (hash diff): 8 MiB of slack
    expect(extra.bytes_read).toBeLessThanOrEqual(changed + 8 * mib);
    expect(extra.bytes_stored).toBeLessThanOrEqual(changed + 8 * mib);
    expect(extra.bytes_read).toBeLessThan(checkpoints.first?.extra.bytes_read ?? 0);
  });

  it('restores into the same project: identical volumes and image, the server rebuilt', async () => {
    const { session } = world.demo;
    // the project's own network is reused (a second demo-net would confuse the other suites)
    const statuses = await restore(session, [
      '--parameters',
      'resource_type=OS::Neutron::Network,map_to_existing=true',
    ]);
    const newIds = (type: string) => restoredIds(statuses, type);
    const volumes = newIds('OS::Cinder::Volume');
    expect(volumes).toHaveLength(2);
    const originals = new Map(
      await Promise.all(
        [made.detached, made.attached].map(
          async (id) => [id as string, await volumeSha256(id as string)] as const,
        ),
      ),
    );
    for (const id of volumes) {
      const volume = await getVolume(session, id);
      const original = [...originals.keys()].find((o) => volume.name?.includes(o));
      expect(original, `restored volume ${volume.name} names its original`).toBeDefined();
      expect(await volumeSha256(id)).toBe(originals.get(original as string));
    }
    const [image] = newIds('OS::Glance::Image');
    expect(await imageSha256(session, image as string)).toBe(
      await imageSha256(session, made.image as string),
    );
    const [serverId] = newIds('OS::Nova::Server');
    const [server, original] = await Promise.all([
      getServer(session, serverId as string),
      getServer(session, made.server as string),
    ]);
    expect(server.flavor.original_name).toBe(original.flavor.original_name);
    expect(Object.keys(server.addresses ?? {})).toEqual(Object.keys(original.addresses ?? {}));
    expect((await getImage(session, image as string)).owner).toBe(world.demo.project);
  });

  it('restores into alt_demo with restore_target and restore_auth', async () => {
    const statuses = await restore(altDemo.session, [
      '--restore_target',
      'http://127.0.0.1:5000/v3',
      '--restore_username',
      'alt_demo',
      '--restore_password',
      'secret',
    ]);
    const restoredVolumes = restoredIds(statuses, 'OS::Cinder::Volume');
    const altVolumes = await listVolumes(altDemo.session);
    for (const id of restoredVolumes) expect(altVolumes.map((v) => v.id)).toContain(id);
    const originals = await Promise.all(
      [made.detached, made.attached].map((id) => volumeSha256(id as string)),
    );
    const copies = await Promise.all(restoredVolumes.map((id) => volumeSha256(id)));
    expect(copies.sort()).toEqual(originals.sort());
    const [image] = restoredIds(statuses, 'OS::Glance::Image');
    expect((await getImage(altDemo.session, image as string)).owner).toBe(altDemo.project);
    expect(await imageSha256(altDemo.session, image as string)).toBe(
      await imageSha256(world.demo.session, made.image as string),
    );
  });

  it('verifies the checkpoint', async () => {
    const verification = await world.karbor.show([
      'verification-create',
      provider,
      checkpoints.second?.id as string,
    ]);
    const done = await world.karbor.waitFor(
      ['verification-show', verification.id as string],
      (row) => row.status !== 'in_progress',
    );
    expect(done.status, done.resources_reason).toBe('success');
  });

  it('deletes the first checkpoint', async () => {
    await world.karbor.run(['checkpoint-delete', provider, checkpoints.first?.id as string]);
    const done = await world.karbor.waitFor(
      ['checkpoint-show', provider, checkpoints.first?.id as string],
      (row) => row.status !== 'deleting',
    );
    expect(done.status).toBe('deleted');
  });

  it('gc then removes every block no remaining checkpoint uses', async () => {
    const project = world.demo.project;
    const second = checkpoints.second?.id as string;
    const kept = new Set<string>();
    for (const manifest of filesUnder(join(world.dataDir, 'projects', project, 'checkpoints', second)).filter(
      (f) => f.endsWith('.manifest'),
    ))
      for (const hash of referencedHashes(decodeManifest(readFileSync(manifest)))) kept.add(hash);
    const before = filesUnder(join(world.dataDir, 'projects', project, 'chunks'));
    await runGc(world.dataDir);
    const after = filesUnder(join(world.dataDir, 'projects', project, 'chunks')).map((f) => basename(f));
    expect(after.sort()).toEqual([...kept].sort());
    expect(before.length).toBeGreaterThan(after.length);
  });
});
