import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteVolume,
  listVolumes,
  waitForVolume,
  waitForVolumeDeleted,
} from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import { attachVolume, detachVolume } from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  listServers,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { deleteImage, listImages } from '../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../lib/openstack/session.js';
import { driverFor } from '../../lib/workflows/drivers/registry.js';
import { stepMarkerProperty } from '../../lib/workflows/drivers/restore/glance-steps.js';
import { Cleanup, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { FaultProxy } from '../openstack/support/fault-proxy.js';
import { makeImage, makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import { deleteRestoredTopology } from './support/restored-topology.js';
import { protectResources, type RestoreView, restoreCheckpoint } from './support/runs.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/**
 * Faults in the volume and server restore steps (Cinder and Nova behind fault proxies): the
 * restore fails with a reason for the resource, and no temporary image, volume or server of
 * the restore is left — only the resources it did restore. Runs once volume and server
 * protection are registered.
 */

const protects = (type: string): boolean => {
  try {
    driverFor({ kind: 'protect' }, { type, id: 'x', name: 'x' });
    return true;
  } catch {
    return false;
  }
};

const origin = (url: string) => new URL(url).origin;
const matching =
  (method: string, path: RegExp) =>
  (request: IncomingMessage): boolean =>
    request.method === method && path.test(request.url ?? '');

const restoredIds = (restore: RestoreView, type: string): string[] =>
  Object.entries(restore.resources_status)
    .filter(([key, status]) => key.startsWith(`${type}#`) && status === 'available')
    .map(([key]) => key.slice(type.length + 1));

/** What the restore made that is not one of the resources it restored. */
const leftovers = async (session: KeystoneSession, restore: RestoreView) => {
  const made = (metadata: Record<string, unknown> | undefined) =>
    String(metadata?.[stepMarkerProperty] ?? '').startsWith(`${restore.id}/`);
  return {
    images: (await listImages(session))
      .filter((i) => i.karbor_restore_id === restore.id)
      .map((i) => i.id)
      .filter((id) => !restoredIds(restore, 'OS::Glance::Image').includes(id)),
    volumes: (await listVolumes(session))
      .filter((v) => made(v.metadata) && v.status !== 'deleting')
      .map((v) => v.id)
      .filter((id) => !restoredIds(restore, 'OS::Cinder::Volume').includes(id)),
    servers: (await listServers(session))
      .filter((s) => made(s.metadata))
      .map((s) => s.id)
      .filter((id) => !restoredIds(restore, 'OS::Nova::Server').includes(id)),
  };
};

describe.skipIf(!protects('OS::Cinder::Volume') || !protects('OS::Nova::Server'))(
  'restore workflow: faults in volume and server steps',
  () => {
    let world: WorkflowApi;
    let demo: Tenant;
    let checkpoint: string;
    let cinder: FaultProxy;
    let nova: FaultProxy;
    const session = sessionFor('demo');
    const cleanup = new Cleanup();

    const removeServer = (id: string) => async () => {
      await deleteServer(session, id);
      await waitForServerDeleted(session, id, { timeoutMs: 120_000 });
    };
    const removeVolume = (id: string) => async () => {
      await deleteVolume(session, id);
      await waitForVolumeDeleted(session, id, { timeoutMs: 120_000 });
    };

    beforeAll(async () => {
      const [volumeUrl, computeUrl] = [
        await session.endpoint('block-storage'),
        await session.endpoint('compute'),
      ];
      cinder = await FaultProxy.start(origin(volumeUrl));
      nova = await FaultProxy.start(origin(computeUrl));
      process.env.OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE = volumeUrl.replace(origin(volumeUrl), cinder.url);
      process.env.OS_COMPUTE_ENDPOINT_OVERRIDE = computeUrl.replace(origin(computeUrl), nova.url);
      world = await startWorkflowApi();
      demo = await tenant('demo');
      const image = await makeImage(session, cleanup, 'boot-image');
      const network = await projectNetwork(session, 'demo');
      const flavor = (await listFlavors(session)).find((f) => f.name === 'm1.tiny');
      if (!flavor) throw new Error('flavor m1.tiny is missing: rerun npm run cloud:up');
      const name = uniqueName('server');
      const booted = await createServer(session, {
        name,
        imageRef: image.id,
        flavorRef: flavor.id,
        networks: [{ uuid: network.id }],
      });
      cleanup.add(`server ${booted.id}`, removeServer(booted.id));
      await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
      const volume = await makeVolume(session, cleanup, { size: 1, name: uniqueName('data') });
      await attachVolume(session, booted.id, volume.id);
      cleanup.add(`attachment of ${volume.id}`, async () => {
        await detachVolume(session, booted.id, volume.id);
        await waitForVolume(session, volume.id, ['available'], { timeoutMs: 120_000 });
      });
      await waitForVolume(session, volume.id, ['in-use'], { timeoutMs: 120_000 });
      checkpoint = await protectResources(world, demo, [
        { id: booted.id, type: 'OS::Nova::Server', name },
        { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
      ]);
    });
    afterAll(async () => {
      await cleanup.run();
      await world?.close();
      await cinder?.stop();
      await nova?.stop();
      delete process.env.OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE;
      delete process.env.OS_COMPUTE_ENDPOINT_OVERRIDE;
    });

    const volume = 'OS::Cinder::Volume';
    const server = 'OS::Nova::Server';
    const cases = [
      { step: 'volume create', proxy: () => cinder, when: matching('POST', /\/volumes$/), failed: volume },
      {
        step: 'volume wait',
        proxy: () => cinder,
        when: matching('GET', /\/volumes\/[0-9a-f-]{36}$/),
        failed: volume,
      },
      { step: 'server boot', proxy: () => nova, when: matching('POST', /\/servers$/), failed: server },
      {
        step: 'server wait',
        proxy: () => nova,
        when: matching('GET', /\/servers\/[0-9a-f-]{36}$/),
        failed: server,
      },
      {
        step: 'volume attach',
        proxy: () => nova,
        when: matching('POST', /\/servers\/[0-9a-f-]{36}\/os-volume_attachments$/),
        failed: server,
      },
    ];

    it.each(cases)(
      'an error at $step fails the restore with a reason and leaves no temporaries',
      async (fault) => {
        fault.proxy().inject({ failures: 1, status: 400, when: fault.when });
        const restore = await restoreCheckpoint(world, demo, checkpoint, {
          parameters: { 'OS::Neutron::Network': { map_to_existing: true } },
        });
        fault.proxy().inject({ failures: 0, status: 400 });
        cleanup.add(`topology of ${restore.id}`, () => deleteRestoredTopology(session, restore.id));
        for (const id of restoredIds(restore, 'OS::Cinder::Volume'))
          cleanup.add(`volume ${id}`, removeVolume(id));
        for (const id of restoredIds(restore, 'OS::Glance::Image'))
          cleanup.add(`image ${id}`, () => deleteImage(session, id));
        for (const id of restoredIds(restore, server)) cleanup.add(`server ${id}`, removeServer(id));
        expect(restore.status).toBe('fail');
        const failed = Object.entries(restore.resources_reason).filter(([key]) =>
          key.startsWith(`${fault.failed}#`),
        );
        expect(failed, JSON.stringify(restore)).toHaveLength(1);
        expect(failed[0]?.[1]).toMatch(/400/);
        const left = await leftovers(session, restore);
        for (const id of left.servers) cleanup.add(`left server ${id}`, removeServer(id));
        for (const id of left.volumes) cleanup.add(`left volume ${id}`, removeVolume(id));
        for (const id of left.images) cleanup.add(`left image ${id}`, () => deleteImage(session, id));
        expect(left).toEqual({ images: [], volumes: [], servers: [] });
      },
    );
  },
);
