import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteVolume,
  getVolume,
  listVolumes,
  waitForVolume,
  waitForVolumeDeleted,
} from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import { attachVolume, detachVolume } from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  getServer,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { deleteImage, listImages } from '../../lib/openstack/image/images.js';
import { driverFor } from '../../lib/workflows/drivers/registry.js';
import { keystreamBytes, volumeSha256, writeVolumeBytes } from '../../scripts/demo/volume-data.js';
import { Cleanup, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { makeImage, makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import { deleteRestoredTopology } from './support/restored-topology.js';
import { protectResources, restoreCheckpoint, restoredId } from './support/runs.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/**
 * A server booted from an image with a data volume attached, protected with its network, and
 * restored into the same project: the server boots again from the restored image with its
 * flavor, on its network, with the restored volume (bytes identical) attached. Runs once
 * volume and server protection are registered (they are built on another branch).
 */

const protects = (type: string): boolean => {
  try {
    driverFor({ kind: 'protect' }, { type, id: 'x', name: 'x' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!protects('OS::Cinder::Volume') || !protects('OS::Nova::Server'))(
  'restore workflow: server with an attached volume',
  () => {
    let world: WorkflowApi;
    let demo: Tenant;
    const session = sessionFor('demo');
    const cleanup = new Cleanup();

    beforeAll(async () => {
      world = await startWorkflowApi();
      demo = await tenant('demo');
    });
    afterAll(async () => {
      await cleanup.run();
      await world?.close();
    });

    const removeServer = (id: string) => async () => {
      await deleteServer(session, id);
      await waitForServerDeleted(session, id, { timeoutMs: 120_000 });
    };
    const removeVolume = (id: string) => async () => {
      await deleteVolume(session, id);
      await waitForVolumeDeleted(session, id, { timeoutMs: 120_000 });
    };

    it('boots the server again with its flavor, network and the restored volume, bytes identical', async () => {
      const image = await makeImage(session, cleanup, 'boot-image');
      const network = await projectNetwork(session, 'demo');
      const flavor = (await listFlavors(session)).find((f) => f.name === 'm1.tiny');
      if (!flavor) throw new Error('flavor m1.tiny is missing: rerun npm run cloud:up');
      const booted = await createServer(session, {
        name: uniqueName('server'),
        imageRef: image.id,
        flavorRef: flavor.id,
        networks: [{ uuid: network.id }],
      });
      cleanup.add(`server ${booted.id}`, removeServer(booted.id));
      const server = await waitForServer(session, booted.id, ['ACTIVE'], { timeoutMs: 120_000 });
      const volume = await makeVolume(session, cleanup, { size: 1, name: uniqueName('data') });
      await writeVolumeBytes(volume.id, 4 << 20, keystreamBytes(volume.id, 1 << 20));
      const original = await volumeSha256(volume.id);
      await attachVolume(session, server.id, volume.id);
      cleanup.add(`attachment of ${volume.id}`, async () => {
        await detachVolume(session, server.id, volume.id);
        await waitForVolume(session, volume.id, ['available'], { timeoutMs: 120_000 });
      });
      await waitForVolume(session, volume.id, ['in-use'], { timeoutMs: 120_000 });

      const checkpoint = await protectResources(world, demo, [
        { id: server.id, type: 'OS::Nova::Server', name: server.name },
        { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
      ]);
      const restore = await restoreCheckpoint(world, demo, checkpoint, {
        parameters: { 'OS::Neutron::Network': { map_to_existing: true } },
      });
      cleanup.add(`topology of ${restore.id}`, () => deleteRestoredTopology(session, restore.id));
      // servers last, so that they are deleted first (cleanup runs newest first) and free their volumes
      const restored = Object.entries(restore.resources_status).sort(([a], [b]) =>
        a.startsWith('OS::Nova::Server#') ? 1 : b.startsWith('OS::Nova::Server#') ? -1 : 0,
      );
      for (const [key, status] of restored) {
        const [type, id = ''] = key.split('#');
        if (status !== 'available') continue;
        if (type === 'OS::Cinder::Volume') cleanup.add(`volume ${id}`, removeVolume(id));
        if (type === 'OS::Glance::Image') cleanup.add(`image ${id}`, () => deleteImage(session, id));
        if (type === 'OS::Nova::Server') cleanup.add(`server ${id}`, removeServer(id));
      }
      expect(restore.status, JSON.stringify(restore.resources_reason)).toBe('success');

      const newServer = await getServer(session, restoredId(restore, 'OS::Nova::Server'));
      const newVolume = restoredId(restore, 'OS::Cinder::Volume');
      const newImage = restoredId(restore, 'OS::Glance::Image');
      expect(newServer.status).toBe('ACTIVE');
      expect(newServer.image).toMatchObject({ id: newImage });
      expect(newServer.flavor).toMatchObject({ original_name: 'm1.tiny' });
      expect(Object.keys(newServer.addresses)).toEqual([network.name]);
      expect(newServer['os-extended-volumes:volumes_attached'].map((v) => v.id)).toEqual([newVolume]);
      expect((await getVolume(session, newVolume)).name).toBe(`${checkpoint}@${volume.id}`);
      expect(await volumeSha256(newVolume)).toBe(original);
      // the raw temporary image of the volume restore is gone
      const temporaries = (await listImages(session)).filter(
        (i) => i.karbor_restore_id === restore.id && i.id !== newImage,
      );
      expect(temporaries).toEqual([]);
      expect((await listVolumes(session)).filter((v) => (v.name ?? '').includes(restore.id))).toEqual([]);
    });
  },
);
