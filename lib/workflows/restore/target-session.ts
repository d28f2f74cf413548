import type { AuthMethod, AuthScope, DomainRef } from '../../openstack/identity/auth.js';
import { listAuthProjects } from '../../openstack/identity/projects.js';
import { KeystoneSession, type SessionOptions } from '../../openstack/session.js';

/**
 * The session a restore with a `restore_target` acts through: the user of its `restore_auth`
 * (Karbor stored both and never used them; we honour them), scoped to the project it names, or
 * to the user's only project when it names none. Everything the restore creates is then owned
 * by that project; reading the checkpoint needs no OpenStack at all.
 */

export class RestoreAuthInvalid extends Error {
  override name = 'RestoreAuthInvalid';
}

const text = (auth: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = auth[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const domainOf = (auth: Readonly<Record<string, unknown>>, prefix: 'user' | 'project'): DomainRef => {
  const id = text(auth, `${prefix}_domain_id`) ?? text(auth, 'domain_id');
  const name = text(auth, `${prefix}_domain_name`) ?? text(auth, 'domain_name');
  return id ? { domainId: id } : { domainName: name ?? 'Default' };
};

/** How `restore_auth` authenticates, and the project it names (undefined: none named). */
export const targetAuthOf = (
  auth: Readonly<Record<string, unknown>>,
): { readonly method: AuthMethod; readonly scope: AuthScope | undefined } => {
  const type = text(auth, 'type') ?? 'password';
  if (type !== 'password')
    throw new RestoreAuthInvalid(`restore_auth type ${type} is not supported; use type password`);
  const password = text(auth, 'password');
  const username = text(auth, 'username');
  const userId = text(auth, 'user_id');
  if (!password || !(username || userId))
    throw new RestoreAuthInvalid('restore_auth needs a username (or user_id) and a password');
  const method: AuthMethod = {
    type: 'password',
    password,
    ...(userId ? { userId } : { username: username as string, userDomain: domainOf(auth, 'user') }),
  };
  const projectId = text(auth, 'project_id');
  const projectName = text(auth, 'project_name');
  const scope: AuthScope | undefined = projectId
    ? { projectId }
    : projectName
      ? { projectName, projectDomain: domainOf(auth, 'project') }
      : undefined;
  return { method, scope };
};

export interface TargetSessionOptions {
  /** settings shared with the service's own sessions (interface, transport, …) */
  readonly base?: Partial<SessionOptions>;
}

/** A session for the restore target, scoped to the named project or the user's only one. */
export const openTargetSession = async (
  authUrl: string,
  auth: Readonly<Record<string, unknown>>,
  options: TargetSessionOptions = {},
): Promise<KeystoneSession> => {
  const { method, scope } = targetAuthOf(auth);
  const common = { ...options.base, authUrl, auth: method };
  let projectScope = scope;
  if (!projectScope) {
    const unscoped = new KeystoneSession({ ...common, scope: 'unscoped' });
    const projects = (await listAuthProjects(unscoped)).filter((p) => p.enabled);
    const [only] = projects;
    if (projects.length !== 1 || !only) {
      const names = projects.map((p) => p.name).join(', ') || 'none';
      throw new RestoreAuthInvalid(
        `restore_auth names no project and its user has ${projects.length} projects (${names}); give project_name or project_id`,
      );
    }
    projectScope = { projectId: only.id };
  }
  const session = new KeystoneSession({ ...common, scope: projectScope });
  await session.projectId(); // authenticates now: a bad password fails the restore at its start
  return session;
};
