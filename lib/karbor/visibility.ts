import type { BaseRecord, ProjectCollection } from '../bank/project-collection.js';
import type { CallerContext } from './http/api-types.js';
import type { ListQuery } from './list-query.js';

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
