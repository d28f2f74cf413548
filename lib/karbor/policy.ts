import { BadRequest, Forbidden, Unauthorized } from './faults.js';
import type { ApiRequest, CallerContext } from './http/api-types.js';

/** Karbor's policy (reference §7.2) and its URL project check (§1.4). */

/**
 * The caller, after checking that the URL's project is the token's (admins are not exempt).
 * A system-scoped token has no project: it acts in the URL's.
 */
export const callerOf = (request: ApiRequest): CallerContext => {
  const caller = request.caller;
  if (caller === undefined) throw new Unauthorized('Authentication required');
  const urlProject = request.pathParameters.project_id;
  if (caller.systemScope && caller.isAdmin && urlProject) return { ...caller, projectId: urlProject };
  if (urlProject !== caller.projectId) throw new BadRequest('Malformed request url');
  return caller;
};

/** `admin_api`: quota and quota-class updates, services; cloud admins only (lib/auth/admin-scope.ts). */
export const requireAdmin = (caller: CallerContext, action: string): void => {
  if (!caller.isAdmin) throw new Forbidden(`Policy doesn't allow ${action} to be performed.`);
};

/** `admin_or_owner` on an object of `projectId`. */
export const canAccess = (caller: CallerContext, projectId: string): boolean =>
  caller.isAdmin || caller.projectId === projectId;
