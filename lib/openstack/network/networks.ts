import { neutronResource } from './neutron-resource.js';

/** Neutron networks, subnets and ports. */

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly project_id: string;
  readonly status: string;
  readonly admin_state_up: boolean;
  readonly shared: boolean;
  readonly 'router:external': boolean;
  readonly subnets: readonly string[];
  readonly mtu?: number;
  readonly port_security_enabled?: boolean;
}

export interface CreateNetworkOptions {
  readonly name: string;
  readonly admin_state_up?: boolean;
  readonly shared?: boolean;
  readonly project_id?: string;
  readonly 'router:external'?: boolean;
  readonly port_security_enabled?: boolean;
}

export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly network_id: string;
  readonly project_id: string;
  readonly cidr: string;
  readonly ip_version: number;
  readonly gateway_ip: string | null;
  readonly enable_dhcp: boolean;
  readonly allocation_pools: readonly { start: string; end: string }[];
  readonly dns_nameservers: readonly string[];
  readonly host_routes: readonly { destination: string; nexthop: string }[];
}

export interface CreateSubnetOptions {
  readonly network_id: string;
  readonly cidr: string;
  readonly ip_version: 4 | 6;
  readonly name?: string;
  readonly gateway_ip?: string | null;
  readonly enable_dhcp?: boolean;
  readonly allocation_pools?: readonly { start: string; end: string }[];
  readonly dns_nameservers?: readonly string[];
}

export interface Port {
  readonly id: string;
  readonly name: string;
  readonly network_id: string;
  readonly project_id: string;
  readonly device_id: string;
  readonly device_owner: string;
  readonly mac_address: string;
  readonly status: string;
  readonly fixed_ips: readonly { subnet_id: string; ip_address: string }[];
  readonly security_groups: readonly string[];
}

export interface CreatePortOptions {
  readonly network_id: string;
  readonly name?: string;
  readonly fixed_ips?: readonly { subnet_id?: string; ip_address?: string }[];
  readonly security_groups?: readonly string[];
  readonly mac_address?: string;
  readonly device_id?: string;
  readonly device_owner?: string;
}

export const networks = neutronResource<Network, CreateNetworkOptions>('network', 'networks');
export const subnets = neutronResource<Subnet, CreateSubnetOptions>('subnet', 'subnets');
export const ports = neutronResource<Port, CreatePortOptions>('port', 'ports');
