import { neutronResource } from './neutron-resource.js';

/** Neutron security groups and their rules. */

export interface SecurityGroupRule {
  readonly id: string;
  readonly security_group_id: string;
  readonly direction: 'ingress' | 'egress';
  readonly ethertype: 'IPv4' | 'IPv6';
  readonly protocol: string | null;
  readonly port_range_min: number | null;
  readonly port_range_max: number | null;
  readonly remote_ip_prefix: string | null;
  readonly remote_group_id: string | null;
  readonly project_id: string;
}

export interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly project_id: string;
  readonly security_group_rules: readonly SecurityGroupRule[];
}

export interface CreateSecurityGroupOptions {
  readonly name: string;
  readonly description?: string;
}

export interface CreateSecurityGroupRuleOptions {
  readonly security_group_id: string;
  readonly direction: 'ingress' | 'egress';
  readonly ethertype?: 'IPv4' | 'IPv6';
  readonly protocol?: string | null;
  readonly port_range_min?: number | null;
  readonly port_range_max?: number | null;
  readonly remote_ip_prefix?: string | null;
  readonly remote_group_id?: string | null;
}

export const securityGroups = neutronResource<SecurityGroup, CreateSecurityGroupOptions>(
  'security_group',
  'security-groups',
);
export const securityGroupRules = neutronResource<SecurityGroupRule, CreateSecurityGroupRuleOptions>(
  'security_group_rule',
  'security-group-rules',
);
