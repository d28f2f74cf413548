import { EndpointNotFoundError } from '../errors.js';

/** Keystone v3 service catalog, as in a token response, and endpoint selection. */

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface CatalogEndpoint {
  readonly id: string;
  readonly interface: EndpointInterface;
  readonly region: string | null;
  readonly region_id: string | null;
  readonly url: string;
}

export interface CatalogService {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly endpoints: readonly CatalogEndpoint[];
}

/** Service types under which a cloud may register a service, most specific first. */
const aliases: Readonly<Record<string, readonly string[]>> = {
  'block-storage': ['block-storage', 'volumev3', 'volume'],
  compute: ['compute'],
  image: ['image'],
  network: ['network'],
  identity: ['identity'],
};

export interface EndpointSelection {
  readonly interface?: EndpointInterface;
  readonly region?: string;
}

export const findEndpoint = (
  catalog: readonly CatalogService[],
  serviceType: string,
  selection: EndpointSelection = {},
): string => {
  const wantedInterface = selection.interface ?? 'public';
  for (const type of aliases[serviceType] ?? [serviceType]) {
    for (const service of catalog.filter((s) => s.type === type)) {
      const endpoint = service.endpoints.find(
        (e) =>
          e.interface === wantedInterface &&
          (selection.region === undefined ||
            e.region_id === selection.region ||
            e.region === selection.region),
      );
      if (endpoint) return endpoint.url.replace(/\/+$/, '');
    }
  }
  const regionText = selection.region === undefined ? '' : ` in region ${selection.region}`;
  throw new EndpointNotFoundError(
    `no ${wantedInterface} endpoint for service type ${serviceType}${regionText} in the catalog ` +
      `(types present: ${[...new Set(catalog.map((s) => s.type))].join(', ') || 'none'})`,
  );
};
