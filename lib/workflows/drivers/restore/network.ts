import { UnexpectedStatusError } from '../../../openstack/errors.js';
import { type CreateNetworkOptions, networks, ports, subnets } from '../../../openstack/network/networks.js';
import { addRouterInterface, type CreateRouterOptions, routers } from '../../../openstack/network/routers.js';
import {
  type CreateSecurityGroupOptions,
  type CreateSecurityGroupRuleOptions,
  securityGroupRules,
  securityGroups,
} from '../../../openstack/network/security-groups.js';
import type { KeystoneSession } from '../../../openstack/session.js';
import { done, goto, type ResourceDriver, ResourceFailed, type StepContext } from '../driver.js';
import { flagParameter, parametersOf, savedResult } from './saved.js';
import {
  groupDecision,
  type IdMap,
  interfacePlan,
  networkDecision,
  restoreMarker,
  ruleFor,
  type SavedTopology,
  subnetDecision,
} from './topology.js';

/**
 * The project's network topology (Karbor's network plugin, resource id = the project id):
 * networks, subnets, security groups with their rules, routers with their interfaces, made in
 * the target project in that order, one step each. Every object made carries a description
 * naming the restore and the saved id, so a step run again finds what it already made.
 * `map_to_existing` reuses networks, security groups and routers of the same name instead.
 * The result maps saved ids to target ids for the server restore.
 */

const savedTopology = async (context: StepContext): Promise<SavedTopology> => {
  const saved = await savedResult(context);
  const topology = saved.topology as SavedTopology | undefined;
  if (!topology) throw new ResourceFailed('the checkpoint holds no network topology');
  return topology;
};

const mapOf = (context: StepContext, name: string): Record<string, string> =>
  ({ ...(context.run.data[name] as IdMap | undefined) }) as Record<string, string>;

const listOf = (context: StepContext, name: string): string[] => [
  ...((context.run.data[name] as string[] | undefined) ?? []),
];

/** Objects of the target project with a restore marker, by marker. */
const byMarker = <T extends { id: string; description?: string }>(objects: readonly T[]) =>
  new Map(objects.filter((o) => o.description?.startsWith('karbor-restore ')).map((o) => [o.description, o]));

const described = <T>(options: T, description: string): T => ({ ...options, description }) as T;

const prepare = async (context: StepContext) => {
  await savedTopology(context);
  const mapToExisting = flagParameter(await parametersOf(context), 'map_to_existing');
  const project = await (await context.session()).projectId();
  return goto('networks', { data: { map_to_existing: mapToExisting, target_project: project } });
};

const owned = (context: StepContext) => ({ project_id: context.run.data.target_project as string });

const makeNetworks = async (context: StepContext) => {
  const session = await context.session();
  const topology = await savedTopology(context);
  const existing = await networks.list(session, owned(context));
  const made = byMarker(existing as unknown as { id: string; description?: string }[]);
  const map = mapOf(context, 'networks');
  const created = listOf(context, 'created_networks');
  for (const saved of topology.networks) {
    const decision = networkDecision(saved, existing, context.run.data.map_to_existing === true);
    if (decision.action === 'map') {
      map[saved.id] = decision.id;
      continue;
    }
    const marker = restoreMarker(context.workflow.run_id, saved.id);
    const network =
      made.get(marker) ??
      (await networks.create(
        session,
        described<CreateNetworkOptions>(
          {
            name: saved.name,
            ...(saved.admin_state_up === undefined ? {} : { admin_state_up: saved.admin_state_up }),
            ...(saved.port_security_enabled === undefined
              ? {}
              : { port_security_enabled: saved.port_security_enabled }),
          },
          marker,
        ),
      ));
    map[saved.id] = network.id;
    if (!created.includes(network.id)) created.push(network.id);
  }
  return goto('subnets', { data: { networks: map, created_networks: created } });
};

const makeSubnets = async (context: StepContext) => {
  const session = await context.session();
  const topology = await savedTopology(context);
  const existing = await subnets.list(session, owned(context));
  const made = byMarker(existing as unknown as { id: string; description?: string }[]);
  const map = mapOf(context, 'subnets');
  const networkMap = mapOf(context, 'networks');
  for (const saved of topology.subnets) {
    const decision = subnetDecision(saved, networkMap, listOf(context, 'created_networks'), existing);
    if (decision.action === 'skip') continue;
    if (decision.action === 'map') {
      map[saved.id] = decision.id;
      continue;
    }
    const marker = restoreMarker(context.workflow.run_id, saved.id);
    const subnet =
      made.get(marker) ??
      (await subnets.create(
        session,
        described(
          {
            network_id: networkMap[saved.network_id] as string,
            cidr: saved.cidr,
            ip_version: saved.ip_version === 6 ? 6 : 4,
            name: saved.name,
            ...(saved.gateway_ip === undefined ? {} : { gateway_ip: saved.gateway_ip }),
            ...(saved.enable_dhcp === undefined ? {} : { enable_dhcp: saved.enable_dhcp }),
            ...(saved.allocation_pools?.length ? { allocation_pools: saved.allocation_pools } : {}),
            ...(saved.dns_nameservers?.length ? { dns_nameservers: saved.dns_nameservers } : {}),
            ...(saved.host_routes?.length ? { host_routes: saved.host_routes } : {}),
          },
          marker,
        ),
      ));
    map[saved.id] = subnet.id;
  }
  return goto('security_groups', { data: { subnets: map } });
};

const isConflict = (error: unknown) => error instanceof UnexpectedStatusError && error.status === 409;

const replaceRules = async (
  session: KeystoneSession,
  groupId: string,
  rules: readonly CreateSecurityGroupRuleOptions[],
): Promise<void> => {
  // a new group comes with Neutron's default egress rules; the saved rules replace them
  const current = await securityGroupRules.list(session, { security_group_id: groupId });
  for (const rule of current) await securityGroupRules.delete(session, rule.id);
  for (const rule of rules) {
    try {
      await securityGroupRules.create(session, rule);
    } catch (error) {
      if (!isConflict(error)) throw error; // already there (a step run again)
    }
  }
};

const makeSecurityGroups = async (context: StepContext) => {
  const session = await context.session();
  const topology = await savedTopology(context);
  const existing = await securityGroups.list(session, owned(context));
  const made = byMarker(existing);
  const map = mapOf(context, 'security_groups');
  const fresh: { id: string; saved: (typeof topology.security_groups)[number] }[] = [];
  for (const saved of topology.security_groups) {
    const decision = groupDecision(saved, existing, context.run.data.map_to_existing === true);
    if (decision.action === 'skip') continue;
    if (decision.action === 'map') {
      map[saved.id] = decision.id;
      continue;
    }
    const marker = restoreMarker(context.workflow.run_id, saved.id);
    const group =
      made.get(marker) ??
      (await securityGroups.create(
        session,
        described<CreateSecurityGroupOptions>({ name: saved.name }, marker),
      ));
    map[saved.id] = group.id;
    fresh.push({ id: group.id, saved });
  }
  for (const { id, saved } of fresh) {
    const rules = (saved.rules ?? []).flatMap((rule) => ruleFor(rule, id, map) ?? []);
    await replaceRules(session, id, rules);
  }
  return goto('routers', { data: { security_groups: map } });
};

const externalNetworkVisible = async (session: KeystoneSession, id: string): Promise<boolean> => {
  try {
    return (await networks.get(session, id))['router:external'] === true;
  } catch {
    return false;
  }
};

const makeRouters = async (context: StepContext) => {
  const session = await context.session();
  const topology = await savedTopology(context);
  const existing = await routers.list(session, owned(context));
  const made = byMarker(existing as unknown as { id: string; description?: string }[]);
  const map = mapOf(context, 'routers');
  const subnetMap = mapOf(context, 'subnets');
  const madeSubnets = await subnets.list(session, owned(context));
  for (const saved of topology.routers) {
    if (context.run.data.map_to_existing === true) {
      const match = existing.find((r) => r.name === saved.name);
      if (match) {
        map[saved.id] = match.id;
        continue;
      }
    }
    const marker = restoreMarker(context.workflow.run_id, saved.id);
    const gateway =
      saved.external_network_id && (await externalNetworkVisible(session, saved.external_network_id))
        ? { external_gateway_info: { network_id: saved.external_network_id } }
        : {};
    const router =
      (made.get(marker) as { id: string } | undefined) ??
      (await routers.create(
        session,
        described<CreateRouterOptions>(
          {
            name: saved.name,
            ...(saved.admin_state_up === undefined ? {} : { admin_state_up: saved.admin_state_up }),
            ...gateway,
          },
          marker,
        ),
      ));
    map[saved.id] = router.id;
    const attached = new Set(
      (await ports.list(session, { device_id: router.id })).flatMap((p) =>
        p.fixed_ips.map((ip) => ip.subnet_id),
      ),
    );
    for (const savedInterface of saved.interfaces ?? []) {
      const plan = interfacePlan(
        savedInterface,
        subnetMap,
        (id) => madeSubnets.find((s) => s.id === id)?.gateway_ip,
      );
      if (!plan || attached.has(plan.subnet_id)) continue;
      if (plan.by === 'subnet') await addRouterInterface(session, router.id, { subnet_id: plan.subnet_id });
      else {
        const subnet = madeSubnets.find((s) => s.id === plan.subnet_id);
        const port = await ports.create(session, {
          network_id: subnet?.network_id as string,
          fixed_ips: [{ subnet_id: plan.subnet_id, ip_address: plan.ip_address }],
        });
        await addRouterInterface(session, router.id, { port_id: port.id });
      }
      attached.add(plan.subnet_id);
    }
    if (saved.routes?.length) await routers.update(session, router.id, { routes: saved.routes });
  }
  return goto('record', { data: { routers: map } });
};

const record = async (context: StepContext) =>
  done({
    new_id: context.run.data.target_project as string,
    restored_from: context.run.resource.id,
    id_map: {
      networks: mapOf(context, 'networks'),
      subnets: mapOf(context, 'subnets'),
      security_groups: mapOf(context, 'security_groups'),
      routers: mapOf(context, 'routers'),
    },
    created_networks: listOf(context, 'created_networks'),
  });

export const networkRestore: ResourceDriver = {
  firstStep: 'prepare',
  steps: {
    prepare,
    networks: makeNetworks,
    subnets: makeSubnets,
    security_groups: makeSecurityGroups,
    routers: makeRouters,
    record,
  },
};
