import { describe, expect, it } from 'vitest';
import {
  groupDecision,
  groupsForServer,
  interfacePlan,
  networkDecision,
  ruleFor,
  subnetDecision,
  topologySteps,
} from './topology.js';

describe('network restore rules', () => {
  it('recreates networks first, then subnets, security groups and routers', () => {
    expect(topologySteps).toEqual(['networks', 'subnets', 'security_groups', 'routers']);
  });

  it('references shared networks as they are and maps by name only when asked', () => {
    const existing = [
      { id: 'n-target', name: 'app' },
      { id: 'ext', name: 'public', 'router:external': true },
    ];
    expect(networkDecision({ id: 'n1', name: 'x', shared: true }, existing, false)).toEqual({
      action: 'map',
      id: 'n1',
    });
    expect(networkDecision({ id: 'n1', name: 'app' }, existing, false)).toEqual({ action: 'create' });
    expect(networkDecision({ id: 'n1', name: 'app' }, existing, true)).toEqual({
      action: 'map',
      id: 'n-target',
    });
    expect(networkDecision({ id: 'n1', name: 'public' }, existing, true)).toEqual({ action: 'create' });
  });

  it('makes subnets only on networks it made; on mapped networks it maps by CIDR', () => {
    const subnet = { id: 's1', name: 's', network_id: 'n1', cidr: '10.0.0.0/24', ip_version: 4 };
    expect(subnetDecision(subnet, { n1: 'new' }, ['new'], [])).toEqual({ action: 'create' });
    expect(
      subnetDecision(
        subnet,
        { n1: 'old-target' },
        [],
        [{ id: 's-t', network_id: 'old-target', cidr: '10.0.0.0/24' }],
      ),
    ).toEqual({ action: 'map', id: 's-t' });
    expect(subnetDecision(subnet, { n1: 'old-target' }, [], [])).toEqual({ action: 'skip' });
    expect(subnetDecision(subnet, {}, [], [])).toEqual({ action: 'skip' });
  });

  it("uses the target's own default group and maps other groups by name only when asked", () => {
    const existing = [
      { id: 'd', name: 'default' },
      { id: 'w', name: 'web' },
    ];
    expect(groupDecision({ id: 'g0', name: 'default' }, existing, false)).toEqual({ action: 'map', id: 'd' });
    expect(groupDecision({ id: 'g1', name: 'web' }, existing, false)).toEqual({ action: 'create' });
    expect(groupDecision({ id: 'g1', name: 'web' }, existing, true)).toEqual({ action: 'map', id: 'w' });
  });

  it('maps a rule to the new group and its remote group, dropping rules naming unknown groups', () => {
    const rule = {
      direction: 'ingress' as const,
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_group_id: 'g1',
    };
    expect(ruleFor(rule, 'new1', { g1: 'new1' })).toEqual({
      security_group_id: 'new1',
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_group_id: 'new1',
    });
    expect(ruleFor(rule, 'new1', {})).toBeUndefined();
    expect(ruleFor({ direction: 'egress', protocol: null, remote_ip_prefix: null }, 'n', {})).toEqual({
      security_group_id: 'n',
      direction: 'egress',
    });
  });

  it('adds a router interface by subnet at the gateway address, else through a port with the saved address', () => {
    const gateway = () => '10.0.0.1';
    expect(interfacePlan({ subnet_id: 's1', ip_address: '10.0.0.1' }, { s1: 'n1' }, gateway)).toEqual({
      by: 'subnet',
      subnet_id: 'n1',
    });
    expect(interfacePlan({ subnet_id: 's1', ip_address: '10.0.0.9' }, { s1: 'n1' }, gateway)).toEqual({
      by: 'port',
      subnet_id: 'n1',
      ip_address: '10.0.0.9',
    });
    expect(interfacePlan({ subnet_id: 's2', ip_address: '10.0.0.1' }, { s1: 'n1' }, gateway)).toBeUndefined();
  });

  it("gives Nova the restored groups' ids for a server's group names", () => {
    const groups = [{ id: 'g1', name: 'web' }];
    expect(groupsForServer(['default', 'web', 'other'], groups, { g1: 'new-g1' })).toEqual([
      'default',
      'new-g1',
      'other',
    ]);
  });
});
