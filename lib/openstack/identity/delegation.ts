import type { KeystoneSession } from '../session.js';

/**
 * Delegation in Keystone: application credentials (a user's own secret, scoped to one project)
 * and trusts (trustor → trustee for a project and roles; karbor-api.md §7.1 uses one per user
 * and project for scheduled operations, with impersonation).
 */

export interface ApplicationCredential {
  readonly id: string;
  readonly name: string;
  readonly project_id: string;
  readonly roles: readonly { id: string; name: string }[];
  readonly expires_at: string | null;
  readonly unrestricted: boolean;
  /** Only in the create response. */
  readonly secret?: string;
}

export interface CreateApplicationCredentialOptions {
  readonly name: string;
  readonly description?: string;
  readonly secret?: string;
  readonly expires_at?: string;
  readonly roles?: readonly ({ name: string } | { id: string })[];
}

export interface Trust {
  readonly id: string;
  readonly trustor_user_id: string;
  readonly trustee_user_id: string;
  readonly project_id: string;
  readonly impersonation: boolean;
  readonly roles: readonly { id: string; name: string }[];
  readonly expires_at: string | null;
  readonly remaining_uses: number | null;
}

export interface CreateTrustOptions {
  readonly trustor_user_id: string;
  readonly trustee_user_id: string;
  readonly project_id: string;
  readonly role_names: readonly string[];
  readonly impersonation?: boolean;
  readonly expires_at?: string;
}

export const delegationUrls = {
  applicationCredentials: (user: string) => `/users/${encodeURIComponent(user)}/application_credentials`,
  applicationCredential: (user: string, id: string) =>
    `/users/${encodeURIComponent(user)}/application_credentials/${encodeURIComponent(id)}`,
  trusts: () => '/OS-TRUST/trusts',
  trust: (id: string) => `/OS-TRUST/trusts/${encodeURIComponent(id)}`,
};

export const createApplicationCredential = async (
  session: KeystoneSession,
  userId: string,
  options: CreateApplicationCredentialOptions,
): Promise<ApplicationCredential> =>
  (
    await session.requestJson<{ application_credential: ApplicationCredential }>('identity', {
      operation: `keystone: create application credential ${options.name}`,
      method: 'POST',
      path: delegationUrls.applicationCredentials(userId),
      json: { application_credential: options },
      expected: [201],
    })
  ).application_credential;

export const deleteApplicationCredential = async (
  session: KeystoneSession,
  userId: string,
  id: string,
): Promise<void> => {
  await session.request('identity', {
    operation: `keystone: delete application credential ${id}`,
    method: 'DELETE',
    path: delegationUrls.applicationCredential(userId, id),
    expected: [204],
  });
};

export const createTrust = async (session: KeystoneSession, options: CreateTrustOptions): Promise<Trust> => {
  const { role_names, ...rest } = options;
  return (
    await session.requestJson<{ trust: Trust }>('identity', {
      operation: `keystone: create trust for ${options.trustee_user_id} on project ${options.project_id}`,
      method: 'POST',
      path: delegationUrls.trusts(),
      json: { trust: { impersonation: true, ...rest, roles: role_names.map((name) => ({ name })) } },
      expected: [201],
    })
  ).trust;
};

export const deleteTrust = async (session: KeystoneSession, id: string): Promise<void> => {
  await session.request('identity', {
    operation: `keystone: delete trust ${id}`,
    method: 'DELETE',
    path: delegationUrls.trust(id),
    expected: [204],
  });
};
