import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVolumes } from '../../lib/openstack/block-storage/volumes.js';
import { deleteImage, listImages } from '../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../lib/openstack/session.js';
import { Cleanup, cloudOptions, sessionFor } from '../openstack/support/cloud.js';
import { FaultProxy } from '../openstack/support/fault-proxy.js';
import { makeImage, projectNetwork } from '../openstack/support/fixtures.js';
import { deleteRestoredTopology } from './support/restored-topology.js';
import { protectResources, restoreCheckpoint } from './support/runs.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/**
 * An OpenStack error injected at each step of a restore (through proxies the workflow's
 * sessions reach Glance, Neutron and Cinder by, set as endpoint overrides of the karbor cloud)
 * ends the restore `fail` with a reason for the resource, and leaves no image or volume of
 * the restore behind, counted through the APIs.
 */

const origin = (url: string) => new URL(url).origin;

const matching =
  (method: string, path: RegExp) =>
  (request: IncomingMessage): boolean =>
    request.method === method && path.test(request.url ?? '');

/** Images and volumes a restore left in the project (its images carry karbor_restore_id). */
const leftovers = async (session: KeystoneSession, restoreId: string) => ({
  images: (await listImages(session)).filter((i) => i.karbor_restore_id === restoreId).map((i) => i.id),
  volumes: (await listVolumes(session)).filter((v) => (v.name ?? '').includes(restoreId)).map((v) => v.id),
});

describe('restore workflow: faults', () => {
  let world: WorkflowApi;
  let demo: Tenant;
  let checkpoint: string;
  let glance: FaultProxy;
  let neutron: FaultProxy;
  const session = sessionFor('demo');
  const cleanup = new Cleanup();

  beforeAll(async () => {
    const [imageUrl, networkUrl] = [await session.endpoint('image'), await session.endpoint('network')];
    glance = await FaultProxy.start(origin(imageUrl));
    neutron = await FaultProxy.start(origin(networkUrl));
    // read once per process by the workflow's sessions: set before the first one is made
    process.env.OS_IMAGE_ENDPOINT_OVERRIDE = imageUrl.replace(origin(imageUrl), glance.url);
    process.env.OS_NETWORK_ENDPOINT_OVERRIDE = networkUrl.replace(origin(networkUrl), neutron.url);
    world = await startWorkflowApi();
    demo = await tenant('demo');
    const image = await makeImage(session, cleanup);
    const network = await projectNetwork(session, 'demo');
    checkpoint = await protectResources(world, demo, [
      { id: image.id, type: 'OS::Glance::Image', name: image.name ?? '' },
      { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
    ]);
  });
  afterAll(async () => {
    await cleanup.run();
    await world?.close();
    await glance?.stop();
    await neutron?.stop();
    delete process.env.OS_IMAGE_ENDPOINT_OVERRIDE;
    delete process.env.OS_NETWORK_ENDPOINT_OVERRIDE;
  });

  const image = () => `OS::Glance::Image`;
  const cases = [
    { step: 'image create', proxy: () => glance, when: matching('POST', /^\/v2\/images$/), failed: image },
    {
      step: 'mover upload',
      proxy: () => glance,
      when: matching('PUT', /^\/v2\/images\/[^/]+\/file$/),
      failed: image,
    },
    {
      step: 'image wait',
      proxy: () => glance,
      when: matching('GET', /^\/v2\/images\/[^/?]+$/),
      failed: image,
    },
    {
      step: 'networks',
      proxy: () => neutron,
      when: matching('GET', /^\/v2\.0\/networks\?/),
      failed: () => 'OS::Neutron::Network',
    },
    {
      step: 'subnets',
      proxy: () => neutron,
      when: matching('GET', /^\/v2\.0\/subnets\?/),
      failed: () => 'OS::Neutron::Network',
    },
    {
      step: 'security groups',
      proxy: () => neutron,
      when: matching('GET', /^\/v2\.0\/security-groups\?/),
      failed: () => 'OS::Neutron::Network',
    },
    {
      step: 'routers',
      proxy: () => neutron,
      when: matching('GET', /^\/v2\.0\/routers\?/),
      failed: () => 'OS::Neutron::Network',
    },
  ];

  it.each(cases)(
    'an error at $step fails the restore with a reason and leaves nothing behind',
    async (fault) => {
      fault.proxy().inject({ failures: 1, status: 400, when: fault.when });
      const restore = await restoreCheckpoint(world, demo, checkpoint, {
        parameters: { 'OS::Neutron::Network': { map_to_existing: true } },
      });
      fault.proxy().inject({ failures: 0, status: 400 });
      cleanup.add(`topology of ${restore.id}`, () => deleteRestoredTopology(session, restore.id));
      const left = await leftovers(session, restore.id);
      for (const id of left.images) cleanup.add(`image ${id}`, () => deleteImage(session, id));
      expect(restore.status).toBe('fail');
      const failed = Object.entries(restore.resources_reason).filter(([key]) =>
        key.startsWith(`${fault.failed()}#`),
      );
      expect(failed, JSON.stringify(restore)).toHaveLength(1);
      expect(failed[0]?.[1]).toMatch(/400|injected|mover/);
      expect(Object.values(restore.resources_status)).toContain('available'); // the other resource was restored
      expect(left).toEqual({
        images: Object.keys(restore.resources_status)
          .filter(
            (key) => key.startsWith('OS::Glance::Image#') && restore.resources_status[key] === 'available',
          )
          .map((key) => key.split('#')[1]),
        volumes: [],
      });
    },
  );

  it('a restore_auth that cannot authenticate fails the restore at its start with the reason', async () => {
    const restore = await restoreCheckpoint(world, demo, checkpoint, {
      restore_target: cloudOptions('alt_demo').authUrl,
      restore_auth: { type: 'password', username: 'alt_demo', password: 'wrong', project_name: 'alt_demo' },
    });
    expect(restore.status).toBe('fail');
    expect(restore.resources_reason.restore).toMatch(/keystone authentication failed/);
    // nothing was restored: every resource of the checkpoint is listed as not restored
    expect(new Set(Object.values(restore.resources_status))).toEqual(new Set(['error']));
    expect(Object.keys(restore.resources_status)).toHaveLength(2);
  });
});
