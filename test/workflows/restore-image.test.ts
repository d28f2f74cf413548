import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteImage, getImage } from '../../lib/openstack/image/images.js';
import { networks, ports, subnets } from '../../lib/openstack/network/networks.js';
import { addRouterInterface, removeRouterInterface, routers } from '../../lib/openstack/network/routers.js';
import { securityGroupRules, securityGroups } from '../../lib/openstack/network/security-groups.js';
import type { KeystoneSession } from '../../lib/openstack/session.js';
import { Cleanup, cloudOptions, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { imageSha256, makeImage, projectNetwork } from '../openstack/support/fixtures.js';
import { deleteRestoredTopology, restoredTopology } from './support/restored-topology.js';
import { protectResources, restoreCheckpoint, restoredId } from './support/runs.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

/** A network, subnet, router with an interface and a security group with a self-referencing rule. */
const makeTopology = async (session: KeystoneSession, cleanup: Cleanup) => {
  const name = uniqueName('net');
  const network = await networks.create(session, { name });
  cleanup.add(`network ${network.id}`, () => networks.delete(session, network.id));
  const subnet = await subnets.create(session, {
    network_id: network.id,
    name,
    cidr: '10.98.7.0/24',
    ip_version: 4,
  });
  const router = await routers.create(session, { name });
  cleanup.add(`router ${router.id}`, () => routers.delete(session, router.id));
  await addRouterInterface(session, router.id, { subnet_id: subnet.id });
  cleanup.add(`interface of ${router.id}`, () =>
    removeRouterInterface(session, router.id, { subnet_id: subnet.id }),
  );
  const group = await securityGroups.create(session, { name, description: 'restore test' });
  cleanup.add(`security group ${group.id}`, () => securityGroups.delete(session, group.id));
  await securityGroupRules.create(session, {
    security_group_id: group.id,
    direction: 'ingress',
    ethertype: 'IPv4',
    protocol: 'tcp',
    port_range_min: 22,
    port_range_max: 22,
    remote_group_id: group.id,
  });
  return { name, cidr: subnet.cidr };
};

describe('restore workflow: image and network', () => {
  let world: WorkflowApi;
  let demo: Tenant;
  let checkpoint: string;
  let original: { id: string; sha256: string };
  let topology: { name: string; cidr: string };
  const demoSession = sessionFor('demo');
  const altSession = sessionFor('alt_demo');
  const cleanup = new Cleanup();

  beforeAll(async () => {
    world = await startWorkflowApi();
    demo = await tenant('demo');
    const image = await makeImage(demoSession, cleanup);
    const network = await projectNetwork(demoSession, 'demo');
    topology = await makeTopology(demoSession, cleanup);
    checkpoint = await protectResources(world, demo, [
      { id: image.id, type: 'OS::Glance::Image', name: image.name ?? '' },
      { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
    ]);
    original = { id: image.id, sha256: await imageSha256(demoSession, image.id) };
  });
  afterAll(async () => {
    await cleanup.run();
    await world?.close();
  });

  it('restores into the same project: success, the image bytes identical to the original', async () => {
    // map_to_existing: the shared test cloud keeps one demo-net, which other suites look up by name
    const restore = await restoreCheckpoint(world, demo, checkpoint, {
      parameters: {
        'OS::Glance::Image': { restore_name: 'karbor-test-restored' },
        'OS::Neutron::Network': { map_to_existing: true },
      },
    });
    const newImage = restoredId(restore, 'OS::Glance::Image');
    if (newImage !== original.id) cleanup.add(`image ${newImage}`, () => deleteImage(demoSession, newImage));
    cleanup.add(`topology of ${restore.id}`, () => deleteRestoredTopology(demoSession, restore.id));
    expect(restore.status, JSON.stringify(restore.resources_reason)).toBe('success');
    expect(restore.resources_status).toEqual({
      [`OS::Glance::Image#${newImage}`]: 'available',
      [`OS::Neutron::Network#${demo.project}`]: 'available',
    });
    expect(newImage).not.toBe(original.id);
    expect(await getImage(demoSession, newImage)).toMatchObject({
      status: 'active',
      name: 'karbor-test-restored',
      owner: demo.project,
    });
    expect(await imageSha256(demoSession, newImage)).toBe(original.sha256);
    const made = await restoredTopology(demoSession, restore.id);
    expect(made.networks).toHaveLength(0); // mapped by name, nothing recreated
  });

  it('restores into alt_demo through restore_target and restore_auth: objects owned by alt_demo', async () => {
    const alt = await tenant('alt_demo');
    const restore = await restoreCheckpoint(world, demo, checkpoint, {
      restore_target: cloudOptions('alt_demo').authUrl,
      // no project named: the user's only project is used
      restore_auth: {
        type: 'password',
        username: 'alt_demo',
        password: 'secret',
        user_domain_name: 'Default',
      },
    });
    cleanup.add(`topology of ${restore.id}`, () => deleteRestoredTopology(altSession, restore.id));
    const newImage = restoredId(restore, 'OS::Glance::Image');
    cleanup.add(`image ${newImage}`, () => deleteImage(altSession, newImage));
    expect(restore.status, JSON.stringify(restore.resources_reason)).toBe('success');
    expect(restore.resources_status[`OS::Neutron::Network#${alt.project}`]).toBe('available');
    const restored = await getImage(altSession, newImage);
    expect(restored).toMatchObject({ status: 'active', owner: alt.project });
    expect(await imageSha256(altSession, newImage)).toBe(original.sha256);
    const made = await restoredTopology(altSession, restore.id);
    expect(made.networks.map((n) => n.name).sort()).toEqual(['demo-net', topology.name].sort());
    const [router] = made.routers;
    expect(router?.name).toBe(topology.name);
    const routerPorts = await ports.list(altSession, { device_id: router?.id ?? '' });
    const newSubnets = await subnets.list(altSession, { project_id: alt.project, cidr: topology.cidr });
    expect(routerPorts.flatMap((p) => p.fixed_ips.map((ip) => ip.subnet_id))).toEqual(
      newSubnets.map((s) => s.id),
    );
    const [group] = made.securityGroups.filter((g) => g.name === topology.name);
    const rules = await securityGroupRules.list(altSession, { security_group_id: group?.id ?? '' });
    // the saved rules replace Neutron's defaults: its two egress rules and ours, the remote group mapped
    expect(rules).toHaveLength(3);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ direction: 'ingress', port_range_min: 22, remote_group_id: group?.id }),
      ]),
    );
    for (const object of [...made.networks, ...made.routers, ...made.securityGroups])
      expect(object.project_id).toBe(alt.project);
  });
});
