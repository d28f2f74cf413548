import type { BaseRecord, ProjectCollection } from '../bank/project-collection.js';
import { applyFilters, type FilterSpec } from './filters.js';
import type { ApiRequest, ApiResult, CallerContext } from './http/api-types.js';
import { collectionLinks, type ListQuery, paginate, parseListQuery } from './list-query.js';
import { callerOf } from './policy.js';

/**
 * What a caller may see of a DB-like collection (reference §7.2): their own project's records,
 * and for admins any project's — by id, or listed with `all_tenants` (optionally one
 * `project_id`).
 */

export const findVisible = async <T extends BaseRecord>(
  collection: ProjectCollection<T>,
  caller: CallerContext,
  id: string,
): Promise<T | undefined> =>
  (await collection.get(caller.projectId, id)) ??
  (caller.isAdmin ? await collection.findAnywhere(id) : undefined);

export const listVisible = async <T extends BaseRecord>(
  collection: ProjectCollection<T>,
  caller: CallerContext,
  query: ListQuery,
): Promise<T[]> => {
  if (!query.allTenants) return collection.list(caller.projectId);
  const all = await collection.listAllProjects();
  const project = query.filters.project_id;
  return typeof project === 'string' ? all.filter((record) => record.project_id === project) : all;
};

export interface CollectionListing<T> {
  /** The response key and the `<coll>_links` name, e.g. `plans`. */
  readonly name: string;
  /** Filters a non-admin may use (reference §1.6). */
  readonly allowedFilters: readonly string[];
  readonly filters: FilterSpec;
  readonly view: (record: T) => unknown;
  readonly markerNotFound: (marker: string) => Error;
}

/** Karbor's list of a DB collection: visible records, filtered, sorted, paged, with next link. */
export const listCollection = async <T extends BaseRecord>(
  request: ApiRequest,
  collection: ProjectCollection<T>,
  listing: CollectionListing<T>,
): Promise<ApiResult> => {
  const query = parseListQuery(request, { allowedFilters: listing.allowedFilters });
  const records = await listVisible(collection, callerOf(request), query);
  const filtered = await applyFilters(records, query.filters, listing.filters);
  const page = paginate(filtered, query, (record, key) => record[key as keyof T], listing.markerNotFound);
  return {
    status: 200,
    body: {
      [listing.name]: page.map(listing.view),
      ...collectionLinks(request, listing.name, page, query.limit),
    },
  };
};
