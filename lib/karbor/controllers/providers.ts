import type { ProviderDefinition } from '../../providers/provider-registry.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, NotFound } from '../faults.js';
import type { ApiRequest, GroupControllers } from '../http/api-types.js';
import { collectionLinks, parseListQuery } from '../list-query.js';
import { callerOf } from '../policy.js';
import { isUuidLike } from '../validation.js';

/** Providers (reference §3.1): configuration, always sorted by id, exact-match filters. */

export const findProvider = (services: ApiServices, id: string): ProviderDefinition => {
  if (!isUuidLike(id)) throw new BadRequest('Invalid provider id provided.');
  const provider = services.providers.get(id);
  if (!provider) throw new NotFound(`Provider ${id} could not be found.`);
  return provider;
};

const providerView = (provider: ProviderDefinition) => ({
  id: provider.id,
  name: provider.name,
  description: provider.description,
  extended_info_schema: provider.extended_info_schema,
});

const index = async (request: ApiRequest, services: ApiServices) => {
  callerOf(request);
  const query = parseListQuery(request, { allowedFilters: ['name', 'description'] });
  const filtered = services.providers.list().filter((provider) =>
    Object.entries(query.filters).every(([key, value]) => {
      const field = (provider as unknown as Record<string, unknown>)[key];
      return (
        key === 'project_id' ||
        (typeof field === 'string'
          ? field === String(value)
          : field === undefined
            ? false
            : JSON.stringify(field) === value)
      );
    }),
  );
  const start = query.marker === undefined ? 0 : filtered.findIndex((p) => p.id === query.marker) + 1;
  if (query.marker !== undefined && start === 0)
    throw new NotFound(`Marker ${query.marker} could not be found.`);
  const page = filtered.slice(start, start + query.limit);
  return {
    status: 200,
    body: { providers: page.map(providerView), ...collectionLinks(request, 'providers', page, query.limit) },
  };
};

const show = async (request: ApiRequest, services: ApiServices) => {
  callerOf(request);
  return {
    status: 200,
    body: { provider: providerView(findProvider(services, request.pathParameters.provider_id ?? '')) },
  };
};

export const providerControllers: GroupControllers<ApiServices> = { index, show };
