import type { KeystoneSession } from '../session.js';
import { type AccessInfo, parseToken } from './auth.js';

/**
 * Token validation for our API's authorizer: `GET /v3/auth/tokens` with the service's own
 * token in X-Auth-Token (the session's) and the caller's in X-Subject-Token. Keystone answers
 * 404 for an invalid, expired or revoked token; `validateToken` returns undefined then.
 */

export interface TokenIdentity {
  readonly userId: string;
  readonly userName: string;
  readonly userDomainId: string;
  readonly projectId: string | undefined;
  readonly projectName: string | undefined;
  readonly projectDomainId: string | undefined;
  readonly roles: readonly string[];
  readonly expiresAt: Date;
  readonly trustId: string | undefined;
  readonly systemScope: boolean;
  /** The whole validated token (catalog included unless `noCatalog`), e.g. for a caller session. */
  readonly access: AccessInfo;
}

export interface ValidateOptions {
  /** Ask Keystone to leave the catalog out (smaller, faster); the access then has none. */
  readonly noCatalog?: boolean;
}

export const tokenUrls = { tokens: () => '/auth/tokens' };

export const identityOf = (access: AccessInfo): TokenIdentity => ({
  userId: access.user.id,
  userName: access.user.name,
  userDomainId: access.user.domainId,
  projectId: access.project?.id,
  projectName: access.project?.name,
  projectDomainId: access.project?.domainId,
  roles: access.roles.map((r) => r.name),
  expiresAt: access.expiresAt,
  trustId: access.trustId,
  systemScope: access.systemScope === true,
  access,
});

export const validateToken = async (
  service: KeystoneSession,
  subjectToken: string,
  options: ValidateOptions = {},
): Promise<TokenIdentity | undefined> => {
  const result = await service.request('identity', {
    operation: 'keystone: validate token',
    method: 'GET',
    path: tokenUrls.tokens(),
    ...(options.noCatalog ? { query: { nocatalog: 1 } } : {}),
    headers: { 'x-subject-token': subjectToken },
    expected: [200, 404],
  });
  if (result.status === 404) return undefined;
  return identityOf(parseToken(subjectToken, result.text));
};

/** Revokes a token (a user may revoke their own; a service or admin any). */
export const revokeToken = async (session: KeystoneSession, subjectToken: string): Promise<void> => {
  await session.request('identity', {
    operation: 'keystone: revoke token',
    method: 'DELETE',
    path: tokenUrls.tokens(),
    headers: { 'x-subject-token': subjectToken },
    expected: [204],
  });
};
