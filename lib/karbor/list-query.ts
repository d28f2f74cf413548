import { BadRequest, NotFound } from './faults.js';
import type { ApiRequest } from './http/api-types.js';

/**
 * Karbor's common list semantics (reference §1.6): limit, offset, marker, sort, filters with a
 * per-resource allow-list for non-admins, `all_tenants` for admins, and `<coll>_links`.
 */

export const maxLimit = 1000;

export interface SortKey {
  readonly key: string;
  readonly direction: 'asc' | 'desc';
}

export interface ListQuery {
  readonly limit: number;
  readonly offset: number;
  readonly marker: string | undefined;
  readonly sort: readonly SortKey[];
  readonly filters: Readonly<Record<string, unknown>>;
  readonly allTenants: boolean;
}

const reserved = new Set(['limit', 'offset', 'marker', 'sort', 'sort_key', 'sort_dir', 'all_tenants']);
const truthy = new Set(['true', 'yes', 'y', '1', 'on', 't']);
const falsy = new Set(['false', 'no', 'n', '0', 'off', 'f']);

const lastValue = (request: ApiRequest, key: string): string | undefined =>
  request.query.filter(([name]) => name === key).at(-1)?.[1];

const parseInteger = (raw: string | undefined, name: string, min: number): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new BadRequest(`${name} param must be an integer`);
  const value = Number(raw);
  if (value < min)
    throw new BadRequest(min > 0 ? `${name} param must be positive` : `${name} param must be an integer`);
  return value;
};

const parseDirection = (raw: string | undefined): 'asc' | 'desc' => {
  const direction = (raw ?? 'desc').trim().toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') {
    throw new BadRequest(`Sort direction must be 'asc' or 'desc', not "${raw}".`);
  }
  return direction;
};

const parseSort = (request: ApiRequest, sortableKeys: readonly string[]): SortKey[] => {
  const sort = lastValue(request, 'sort');
  const sortKey = lastValue(request, 'sort_key');
  const sortDir = lastValue(request, 'sort_dir');
  if (sort !== undefined && (sortKey !== undefined || sortDir !== undefined)) {
    throw new BadRequest(
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    );
  }
  const keys =
    sort !== undefined
      ? sort.split(',').map((part) => {
          const [key = '', direction] = part.split(':');
          return { key: key.trim(), direction: parseDirection(direction) };
        })
      : [{ key: (sortKey ?? 'created_at').trim(), direction: parseDirection(sortDir) }];
  for (const { key } of keys) {
    if (!sortableKeys.includes(key)) throw new BadRequest(`Invalid sort key "${key}".`);
  }
  return keys;
};

/** A subset of Python's `ast.literal_eval`: numbers, booleans, None; anything else stays a string. */
export const literalValue = (raw: string): unknown => {
  const text = raw.trim();
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (text === 'None') return null;
  return raw;
};

export const parseBoolean = (raw: string, name: string): boolean => {
  const value = raw.trim().toLowerCase();
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  throw new BadRequest(`Invalid value '${raw}' for ${name}: must be a boolean string.`);
};

export const parseListQuery = (
  request: ApiRequest,
  options: { allowedFilters: readonly string[]; sortableKeys?: readonly string[] },
): ListQuery => {
  const isAdmin = request.caller?.isAdmin === true;
  const limit = Math.min(parseInteger(lastValue(request, 'limit'), 'limit', 1) ?? maxLimit, maxLimit);
  const offset = parseInteger(lastValue(request, 'offset'), 'offset', 0) ?? 0;
  const allTenantsRaw = lastValue(request, 'all_tenants');
  const allTenants =
    allTenantsRaw === undefined ? false : parseBoolean(allTenantsRaw, 'all_tenants') && isAdmin;
  const filters: Record<string, unknown> = {};
  for (const [key, value] of request.query) {
    if (reserved.has(key)) continue;
    if (!isAdmin && !options.allowedFilters.includes(key)) continue;
    filters[key] = literalValue(value);
  }
  return {
    limit,
    offset,
    marker: lastValue(request, 'marker'),
    sort: parseSort(request, options.sortableKeys ?? ['created_at', 'id', 'name', 'status', 'updated_at']),
    filters,
    allTenants,
  };
};

const compareValues = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return String(a) < String(b) ? -1 : 1;
};

/** Sorts (with created_at and id as tie-breakers), then applies marker, offset and limit. */
export const paginate = <T extends { id: string }>(
  items: readonly T[],
  query: ListQuery,
  sortValue: (item: T, key: string) => unknown,
  markerNotFound: (marker: string) => Error = (marker) =>
    new NotFound(`Marker ${marker} could not be found.`),
): T[] => {
  const keys = [...query.sort];
  const lastDirection = keys.at(-1)?.direction ?? 'desc';
  for (const tieBreaker of ['created_at', 'id']) {
    if (!keys.some((k) => k.key === tieBreaker)) keys.push({ key: tieBreaker, direction: lastDirection });
  }
  const sorted = [...items].sort((a, b) => {
    for (const { key, direction } of keys) {
      const order = compareValues(sortValue(a, key), sortValue(b, key));
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
  let start = 0;
  if (query.marker !== undefined) {
    const index = sorted.findIndex((item) => item.id === query.marker);
    if (index < 0) throw markerNotFound(query.marker);
    start = index + 1;
  }
  return sorted.slice(start + query.offset, start + query.offset + query.limit);
};

/** `<coll>_links` with a next link when the page is full (Karbor's rule). */
export const collectionLinks = (
  request: ApiRequest,
  collection: string,
  items: readonly { id: string }[],
  limit: number,
): Record<string, unknown> => {
  const last = items.at(-1);
  if (last === undefined || items.length < limit) return {};
  const params = new URLSearchParams(request.query.filter(([key]) => key !== 'marker') as [string, string][]);
  params.set('marker', last.id);
  const project = request.pathParameters.project_id ?? '';
  const href = `${request.origin}${request.basePath}/v1/${project}/${collection}?${params.toString()}`;
  return { [`${collection}_links`]: [{ rel: 'next', href }] };
};
