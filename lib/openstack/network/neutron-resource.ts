import { collect, pagesByLinks } from '../pagination.js';
import type { KeystoneSession, Query } from '../session.js';

/**
 * Neutron v2.0 resources share one shape: `/v2.0/<plural>` with `{<singular>: {...}}` bodies,
 * filters as query parameters, `<plural>_links` pagination, 201 on create, 204 on delete.
 * Each resource module (networks, subnets, ports, routers, security groups) is this, typed.
 */

export interface NeutronResourceApi<T, C> {
  readonly urls: { readonly list: () => string; readonly one: (id: string) => string };
  list(session: KeystoneSession, filters?: Query, pageSize?: number): Promise<T[]>;
  get(session: KeystoneSession, id: string): Promise<T>;
  create(session: KeystoneSession, options: C): Promise<T>;
  update(session: KeystoneSession, id: string, changes: Partial<C>): Promise<T>;
  delete(session: KeystoneSession, id: string): Promise<void>;
}

export const neutronResource = <T, C>(singular: string, plural: string): NeutronResourceApi<T, C> => {
  const label = singular.replace(/_/g, ' ');
  const urls = {
    list: () => `/v2.0/${plural}`,
    one: (id: string) => `/v2.0/${plural}/${encodeURIComponent(id)}`,
  };
  return {
    urls,
    list: (session, filters = {}, pageSize) =>
      collect(
        pagesByLinks<T>(session, 'network', {
          operation: `neutron: list ${plural.replace(/[-_]/g, ' ')}`,
          path: urls.list(),
          query: filters,
          key: plural.replace(/-/g, '_'),
          ...(pageSize ? { pageSize } : {}),
        }),
      ),
    get: async (session, id) =>
      (
        await session.requestJson<Record<string, T>>('network', {
          operation: `neutron: show ${label} ${id}`,
          method: 'GET',
          path: urls.one(id),
          expected: [200],
        })
      )[singular] as T,
    create: async (session, options) =>
      (
        await session.requestJson<Record<string, T>>('network', {
          operation: `neutron: create ${label}`,
          method: 'POST',
          path: urls.list(),
          json: { [singular]: options },
          expected: [201],
        })
      )[singular] as T,
    update: async (session, id, changes) =>
      (
        await session.requestJson<Record<string, T>>('network', {
          operation: `neutron: update ${label} ${id}`,
          method: 'PUT',
          path: urls.one(id),
          json: { [singular]: changes },
          expected: [200],
        })
      )[singular] as T,
    delete: async (session, id) => {
      await session.request('network', {
        operation: `neutron: delete ${label} ${id}`,
        method: 'DELETE',
        path: urls.one(id),
        expected: [204],
        retry: { retryStatuses: [409] }, // ports still being unbound
      });
    },
  };
};
