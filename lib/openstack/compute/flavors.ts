import { collect, pagesByLinks } from '../pagination.js';
import type { KeystoneSession } from '../session.js';

/** Nova flavors (read-only for tenants). */

export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly ram: number;
  readonly vcpus: number;
  readonly disk: number;
  readonly 'os-flavor-access:is_public': boolean;
}

export const flavorUrls = {
  list: () => '/flavors/detail',
  one: (id: string) => `/flavors/${encodeURIComponent(id)}`,
};

export const listFlavors = (session: KeystoneSession, pageSize?: number): Promise<Flavor[]> =>
  collect(
    pagesByLinks<Flavor>(session, 'compute', {
      operation: 'nova: list flavors',
      path: flavorUrls.list(),
      key: 'flavors',
      ...(pageSize ? { pageSize } : {}),
    }),
  );

export const getFlavor = async (session: KeystoneSession, id: string): Promise<Flavor> =>
  (
    await session.requestJson<{ flavor: Flavor }>('compute', {
      operation: `nova: show flavor ${id}`,
      method: 'GET',
      path: flavorUrls.one(id),
      expected: [200],
    })
  ).flavor;
