import type { KeystoneSession } from '../session.js';

/** Keystone v3 `GET /auth/projects`: the projects the session's user may scope to. */

export interface AuthProject {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly enabled: boolean;
}

export const projectUrls = { authProjects: () => '/auth/projects' };

export const listAuthProjects = async (session: KeystoneSession): Promise<AuthProject[]> =>
  (
    await session.requestJson<{ projects: AuthProject[] }>('identity', {
      operation: 'keystone: list projects available to the user',
      method: 'GET',
      path: projectUrls.authProjects(),
      expected: [200],
    })
  ).projects;
