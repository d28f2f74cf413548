import type { KeystoneSession } from '../session.js';
import { neutronResource } from './neutron-resource.js';

/** Neutron routers and their interfaces (add/remove by subnet or port). */

export interface Router {
  readonly id: string;
  readonly name: string;
  readonly project_id: string;
  readonly status: string;
  readonly admin_state_up: boolean;
  readonly external_gateway_info: { network_id: string; enable_snat?: boolean } | null;
  readonly routes: readonly { destination: string; nexthop: string }[];
}

export interface CreateRouterOptions {
  readonly name: string;
  readonly admin_state_up?: boolean;
  readonly external_gateway_info?: { network_id: string; enable_snat?: boolean };
  readonly routes?: readonly { destination: string; nexthop: string }[];
}

export interface RouterInterface {
  readonly id: string;
  readonly subnet_id: string;
  readonly subnet_ids: readonly string[];
  readonly port_id: string;
  readonly network_id: string;
  readonly tenant_id: string;
}

export type InterfaceTarget = { readonly subnet_id: string } | { readonly port_id: string };

export const routers = neutronResource<Router, CreateRouterOptions>('router', 'routers');

const interfaceCall = async (
  session: KeystoneSession,
  router: string,
  verb: 'add' | 'remove',
  target: InterfaceTarget,
): Promise<RouterInterface> =>
  session.requestJson<RouterInterface>('network', {
    operation: `neutron: ${verb} interface ${JSON.stringify(target)} on router ${router}`,
    method: 'PUT',
    path: `${routers.urls.one(router)}/${verb}_router_interface`,
    json: target,
    expected: [200],
    retry: { retryStatuses: [409] },
  });

export const addRouterInterface = (session: KeystoneSession, router: string, target: InterfaceTarget) =>
  interfaceCall(session, router, 'add', target);

export const removeRouterInterface = (session: KeystoneSession, router: string, target: InterfaceTarget) =>
  interfaceCall(session, router, 'remove', target);
