import { getChoice, getString } from '../config/env.js';
import { envNames } from '../config/env-names.js';

/**
 * Who has cloud-wide power (reading and restoring other projects' objects, `all_tenants`,
 * quotas, services), as OpenStack decides it since scoped roles replaced "admin anywhere"
 * (OpenStack bug 968696):
 *
 * - `scoped` (default): a system-scoped token with the `admin` role, or the `admin` role on
 *   the admin project (`KARBOR_ADMIN_PROJECT`: its id, or its name in the Default domain;
 *   default `admin`, Keystone's bootstrap project). The `admin` role on any other project gives no more than a member of
 *   that project has: every Karbor rule on a project's objects is `admin_or_owner`.
 * - `legacy`: Karbor's own `context_is_admin = role:admin`, the admin role on any project.
 */

export const adminScopeModes = ['scoped', 'legacy'] as const;
export type AdminScopeMode = (typeof adminScopeModes)[number];

export interface AdminScope {
  readonly mode: AdminScopeMode;
  /** The admin project's id or name. */
  readonly adminProject: string;
}

export const defaultAdminProject = 'admin';

/** `KARBOR_ADMIN_SCOPE` and `KARBOR_ADMIN_PROJECT`, read when asked (tests and processes may differ). */
export const adminScopeFromEnv = (): AdminScope => ({
  mode: getChoice(envNames.adminScope, adminScopeModes, 'scoped'),
  adminProject: getString(envNames.adminProject, defaultAdminProject),
});

/** What a validated token says about its holder. */
export interface TokenScope {
  readonly roles: readonly string[];
  readonly projectId?: string | undefined;
  readonly projectName?: string | undefined;
  /** Keystone tokens only; a project is matched by name only in the Default domain. */
  readonly projectDomainId?: string | undefined;
  readonly systemScope?: boolean | undefined;
}

export const isCloudAdmin = (token: TokenScope, scope: AdminScope = adminScopeFromEnv()): boolean => {
  if (!token.roles.includes('admin')) return false;
  if (scope.mode === 'legacy' || token.systemScope === true) return true;
  if (token.projectId === scope.adminProject) return true;
  const inDefaultDomain = token.projectDomainId === undefined || token.projectDomainId === 'default';
  return inDefaultDomain && token.projectName === scope.adminProject;
};
