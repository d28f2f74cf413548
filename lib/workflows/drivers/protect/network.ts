import { networks, ports, subnets } from '../../../openstack/network/networks.js';
import { routers } from '../../../openstack/network/routers.js';
import { securityGroupRules, securityGroups } from '../../../openstack/network/security-groups.js';
import { done, type ResourceDriver, type StepContext } from '../driver.js';

/**
 * The project's network topology as data in the checkpoint (Karbor's network plugin): its
 * networks, subnets, routers with their interfaces, ports and security groups with rules.
 * The resource id is the project id. Shared and external networks are referenced, not saved.
 */

const pick = <T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])) as Pick<T, K>;

const save = async (context: StepContext) => {
  const session = await context.session();
  const project = context.workflow.project_id;
  const owned = { project_id: project };
  const [nets, subs, prts, rtrs, groups, rules] = await Promise.all([
    networks.list(session, owned),
    subnets.list(session, owned),
    ports.list(session, owned),
    routers.list(session, owned),
    securityGroups.list(session, owned),
    securityGroupRules.list(session, owned),
  ]);
  const topology = {
    networks: nets
      .filter((n) => !n['router:external'])
      .map((n) => pick(n, ['id', 'name', 'admin_state_up', 'shared', 'mtu', 'port_security_enabled'])),
    subnets: subs.map((s) =>
      pick(s, [
        'id',
        'name',
        'network_id',
        'cidr',
        'ip_version',
        'gateway_ip',
        'enable_dhcp',
        'allocation_pools',
        'dns_nameservers',
        'host_routes',
      ]),
    ),
    routers: rtrs.map((r) => ({
      ...pick(r, ['id', 'name', 'admin_state_up', 'routes']),
      external_network_id: r.external_gateway_info?.network_id ?? null,
      interfaces: prts
        .filter(
          (p) => p.device_id === r.id && String(p.device_owner ?? '').startsWith('network:router_interface'),
        )
        .flatMap((p) =>
          (p.fixed_ips ?? []).map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })),
        ),
    })),
    ports: prts
      .filter((p) => !String(p.device_owner ?? '').startsWith('network:'))
      .map((p) =>
        pick(p, [
          'id',
          'name',
          'network_id',
          'mac_address',
          'fixed_ips',
          'device_id',
          'device_owner',
          'security_groups',
        ]),
      ),
    security_groups: groups.map((g) => ({
      ...pick(g, ['id', 'name', 'description']),
      rules: rules
        .filter((rule) => rule.security_group_id === g.id)
        .map((rule) =>
          pick(rule, [
            'direction',
            'ethertype',
            'protocol',
            'port_range_min',
            'port_range_max',
            'remote_ip_prefix',
            'remote_group_id',
          ]),
        ),
    })),
  };
  return done({ topology });
};

export const networkProtection: ResourceDriver = { firstStep: 'save', steps: { save } };
