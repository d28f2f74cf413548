import { afterAll, describe, expect, it } from 'vitest';
import { getFlavor, listFlavors } from '../../lib/openstack/compute/flavors.js';
import { createKeypair, deleteKeypair, listKeypairs } from '../../lib/openstack/compute/keypairs.js';
import { isNotFound } from '../../lib/openstack/errors.js';
import { type Network, networks, ports, subnets } from '../../lib/openstack/network/networks.js';
import { addRouterInterface, removeRouterInterface, routers } from '../../lib/openstack/network/routers.js';
import { securityGroupRules, securityGroups } from '../../lib/openstack/network/security-groups.js';
import { pagesByLinks } from '../../lib/openstack/pagination.js';
import { Cleanup, sessionFor, uniqueName } from './support/cloud.js';

const session = sessionFor('demo');
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const publicKey =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0pTb2hbZxpYhJ8Q5n6Ew0jK0sY8gq4D7m2c1o4HqfM karbor-test';

describe('neutron resources of a project', () => {
  it('creates a network with a subnet and a port, pages through networks, and deletes them', async () => {
    const network = await networks.create(session, { name: uniqueName('net') });
    cleanup.add(`network ${network.id}`, () => networks.delete(session, network.id));
    const subnet = await subnets.create(session, {
      network_id: network.id,
      cidr: '192.168.77.0/24',
      ip_version: 4,
      name: uniqueName('subnet'),
    });
    cleanup.add(`subnet ${subnet.id}`, () => subnets.delete(session, subnet.id));
    const port = await ports.create(session, { network_id: network.id, name: uniqueName('port') });
    cleanup.add(`port ${port.id}`, () => ports.delete(session, port.id));

    expect((await networks.get(session, network.id)).subnets).toEqual([subnet.id]);
    expect(port.fixed_ips[0]?.subnet_id).toBe(subnet.id);
    expect((await ports.list(session, { network_id: network.id })).map((p) => p.id)).toEqual([port.id]);

    const renamed = await networks.update(session, network.id, { name: `${network.name}-renamed` });
    expect(renamed.name).toBe(`${network.name}-renamed`);

    const all = await networks.list(session, { project_id: network.project_id });
    const pages: string[][] = [];
    for await (const page of pagesByLinks<Network>(session, 'network', {
      operation: 'neutron: list networks',
      path: networks.urls.list(),
      query: { project_id: network.project_id },
      key: 'networks',
      pageSize: 1,
    })) {
      pages.push(page.map((n) => n.id));
    }
    expect(all.length).toBeGreaterThanOrEqual(2); // demo-net and this one
    expect(pages.length).toBe(all.length);
    expect(pages.flat().sort()).toEqual(all.map((n) => n.id).sort());
    expect((await networks.list(session, { project_id: network.project_id }, 1)).length).toBe(all.length);

    await ports.delete(session, port.id);
    await subnets.delete(session, subnet.id);
    await networks.delete(session, network.id);
    const gone = await networks.get(session, network.id).catch((e: unknown) => e);
    expect(isNotFound(gone)).toBe(true);
  });

  it('adds and removes a router interface on a subnet', async () => {
    const network = await networks.create(session, { name: uniqueName('rnet') });
    cleanup.add(`network ${network.id}`, () => networks.delete(session, network.id));
    const subnet = await subnets.create(session, {
      network_id: network.id,
      cidr: '192.168.78.0/24',
      ip_version: 4,
    });
    cleanup.add(`subnet ${subnet.id}`, () => subnets.delete(session, subnet.id));
    const router = await routers.create(session, { name: uniqueName('router') });
    cleanup.add(`router ${router.id}`, () => routers.delete(session, router.id));

    const added = await addRouterInterface(session, router.id, { subnet_id: subnet.id });
    expect(added.subnet_id).toBe(subnet.id);
    const routerPorts = await ports.list(session, { device_id: router.id });
    expect(routerPorts.map((p) => p.id)).toEqual([added.port_id]);
    expect(routerPorts[0]?.fixed_ips[0]?.ip_address).toBe(subnet.gateway_ip);
    await removeRouterInterface(session, router.id, { subnet_id: subnet.id });
    expect(await ports.list(session, { device_id: router.id })).toEqual([]);
  });

  it('creates a security group with a rule', async () => {
    const group = await securityGroups.create(session, {
      name: uniqueName('sg'),
      description: 'karbor test',
    });
    cleanup.add(`security group ${group.id}`, () => securityGroups.delete(session, group.id));
    const rule = await securityGroupRules.create(session, {
      security_group_id: group.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '10.0.0.0/8',
    });
    const fetched = await securityGroups.get(session, group.id);
    expect(fetched.security_group_rules.map((r) => r.id)).toContain(rule.id);
    expect(
      await securityGroupRules.list(session, { security_group_id: group.id, direction: 'ingress' }),
    ).toEqual([expect.objectContaining({ id: rule.id, port_range_min: 22 })]);
  });
});

describe('nova flavors and keypairs', () => {
  it('pages through flavors one at a time', async () => {
    const all = await listFlavors(session);
    const paged = await listFlavors(session, 1);
    expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(['m1.tiny', 'm1.small']));
    expect(paged.map((f) => f.id)).toEqual(all.map((f) => f.id));
    expect((await getFlavor(session, '1')).name).toBe('m1.tiny');
  });

  it('imports, lists and deletes a keypair', async () => {
    const name = uniqueName('key');
    const keypair = await createKeypair(session, name, publicKey);
    cleanup.add(`keypair ${name}`, () => deleteKeypair(session, name));
    expect(keypair.fingerprint).toMatch(/^SHA256:|^[0-9a-f:]+$/);
    expect((await listKeypairs(session)).map((k) => k.name)).toContain(name);
    await deleteKeypair(session, name);
    expect((await listKeypairs(session)).map((k) => k.name)).not.toContain(name);
  });
});
