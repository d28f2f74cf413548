/**
 * Pure rules of the network restore: which saved object is created, mapped to an existing one
 * or left as it is, in which order, and how ids of the checkpoint become ids in the target.
 * Order: networks, subnets (on the networks just made), security groups (rules after all
 * groups, so a rule may name a group made later), routers with their interfaces. Ports are
 * not recreated: servers get theirs when they boot.
 */

export interface SavedNetwork {
  readonly id: string;
  readonly name: string;
  readonly admin_state_up?: boolean;
  readonly shared?: boolean;
  readonly port_security_enabled?: boolean;
}

export interface SavedSubnet {
  readonly id: string;
  readonly name: string;
  readonly network_id: string;
  readonly cidr: string;
  readonly ip_version: number;
  readonly gateway_ip?: string | null;
  readonly enable_dhcp?: boolean;
  readonly allocation_pools?: readonly { start: string; end: string }[];
  readonly dns_nameservers?: readonly string[];
  readonly host_routes?: readonly { destination: string; nexthop: string }[];
}

export interface SavedRule {
  readonly direction: 'ingress' | 'egress';
  readonly ethertype?: 'IPv4' | 'IPv6';
  readonly protocol?: string | null;
  readonly port_range_min?: number | null;
  readonly port_range_max?: number | null;
  readonly remote_ip_prefix?: string | null;
  readonly remote_group_id?: string | null;
}

export interface SavedGroup {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly rules?: readonly SavedRule[];
}

export interface SavedRouter {
  readonly id: string;
  readonly name: string;
  readonly admin_state_up?: boolean;
  readonly routes?: readonly { destination: string; nexthop: string }[];
  readonly external_network_id?: string | null;
  readonly interfaces?: readonly { subnet_id: string; ip_address: string }[];
}

export interface SavedTopology {
  readonly networks: readonly SavedNetwork[];
  readonly subnets: readonly SavedSubnet[];
  readonly routers: readonly SavedRouter[];
  readonly security_groups: readonly SavedGroup[];
}

export type IdMap = Readonly<Record<string, string>>;

/** The order the network restore's steps run in. */
export const topologySteps = ['networks', 'subnets', 'security_groups', 'routers'] as const;

/** Marks what a restore made, so a re-run of a step finds it instead of making it twice. */
export const restoreMarker = (restoreId: string, oldId: string): string =>
  `karbor-restore ${restoreId} ${oldId}`;

export type Decision =
  /** use this id of the target as it is (shared, or mapped by name) */
  { readonly action: 'map'; readonly id: string } | { readonly action: 'create' };

/** Networks: shared ones are referenced as they are; with mapToExisting, same name → that one. */
export const networkDecision = (
  saved: SavedNetwork,
  existing: readonly { id: string; name: string; 'router:external'?: boolean }[],
  mapToExisting: boolean,
): Decision => {
  if (saved.shared) return { action: 'map', id: saved.id };
  if (mapToExisting) {
    const match = existing.find((n) => n.name === saved.name && !n['router:external']);
    if (match) return { action: 'map', id: match.id };
  }
  return { action: 'create' };
};

/** Subnets are made only on networks the restore made; on a mapped network, same CIDR → that one. */
export const subnetDecision = (
  saved: SavedSubnet,
  networkMap: IdMap,
  createdNetworks: readonly string[],
  existing: readonly { id: string; network_id: string; cidr: string }[],
): Decision | { readonly action: 'skip' } => {
  const network = networkMap[saved.network_id];
  if (!network) return { action: 'skip' };
  if (createdNetworks.includes(network)) return { action: 'create' };
  const match = existing.find((s) => s.network_id === network && s.cidr === saved.cidr);
  return match ? { action: 'map', id: match.id } : { action: 'skip' };
};

/** Security groups: `default` is the target's own default group; with mapToExisting, same name. */
export const groupDecision = (
  saved: SavedGroup,
  existing: readonly { id: string; name: string }[],
  mapToExisting: boolean,
): Decision | { readonly action: 'skip' } => {
  if (saved.name === 'default') {
    const own = existing.find((g) => g.name === 'default');
    return own ? { action: 'map', id: own.id } : { action: 'skip' };
  }
  if (mapToExisting) {
    const match = existing.find((g) => g.name === saved.name);
    if (match) return { action: 'map', id: match.id };
  }
  return { action: 'create' };
};

/** A saved rule for the new group, its remote group mapped (rules naming unmapped groups are dropped). */
export const ruleFor = (
  rule: SavedRule,
  groupId: string,
  groupMap: IdMap,
): (SavedRule & { security_group_id: string }) | undefined => {
  const remote = rule.remote_group_id ? groupMap[rule.remote_group_id] : null;
  if (rule.remote_group_id && !remote) return undefined;
  return {
    security_group_id: groupId,
    direction: rule.direction,
    ...(rule.ethertype ? { ethertype: rule.ethertype } : {}),
    ...(rule.protocol != null ? { protocol: rule.protocol } : {}),
    ...(rule.port_range_min != null ? { port_range_min: rule.port_range_min } : {}),
    ...(rule.port_range_max != null ? { port_range_max: rule.port_range_max } : {}),
    ...(rule.remote_ip_prefix ? { remote_ip_prefix: rule.remote_ip_prefix } : {}),
    ...(remote ? { remote_group_id: remote } : {}),
  };
};

/** A router interface: by subnet when it held the subnet's gateway address, else by a port with that address. */
export const interfacePlan = (
  saved: { subnet_id: string; ip_address: string },
  subnetMap: IdMap,
  gatewayOf: (newSubnet: string) => string | null | undefined,
):
  | { readonly by: 'subnet'; readonly subnet_id: string }
  | { readonly by: 'port'; readonly subnet_id: string; readonly ip_address: string }
  | undefined => {
  const subnet = subnetMap[saved.subnet_id];
  if (!subnet) return undefined;
  return gatewayOf(subnet) === saved.ip_address
    ? { by: 'subnet', subnet_id: subnet }
    : { by: 'port', subnet_id: subnet, ip_address: saved.ip_address };
};

/** Security group names of a server → what Nova should be given: the restored group's id where known. */
export const groupsForServer = (
  names: readonly string[],
  groups: readonly SavedGroup[],
  groupMap: IdMap,
): string[] =>
  names.map((name) => {
    if (name === 'default') return name;
    const saved = groups.find((g) => g.name === name);
    return (saved && groupMap[saved.id]) ?? name;
  });
