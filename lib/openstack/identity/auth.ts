import { AuthenticationError } from '../errors.js';
import type { CatalogService } from './catalog.js';

/**
 * Keystone v3 authentication: the identity methods we support (password, application
 * credential, token), the scope (project, domain, trust, or none), the request body for
 * `POST /v3/auth/tokens`, and the parsed token (AccessInfo).
 */

export interface DomainRef {
  readonly domainId?: string;
  readonly domainName?: string;
}

export type AuthMethod =
  | {
      readonly type: 'password';
      readonly username?: string;
      readonly userId?: string;
      readonly password: string;
      readonly userDomain?: DomainRef;
    }
  | {
      readonly type: 'application-credential';
      readonly id?: string;
      readonly name?: string;
      readonly secret: string;
      readonly username?: string;
      readonly userId?: string;
      readonly userDomain?: DomainRef;
    }
  | { readonly type: 'token'; readonly token: string };

export type AuthScope =
  | { readonly projectId: string }
  | { readonly projectName: string; readonly projectDomain: DomainRef }
  | { readonly domainId: string }
  | { readonly trustId: string }
  | 'unscoped';

export interface RoleRef {
  readonly id: string;
  readonly name: string;
}

export interface AccessInfo {
  readonly token: string;
  readonly expiresAt: Date;
  readonly issuedAt: Date;
  readonly methods: readonly string[];
  readonly user: { readonly id: string; readonly name: string; readonly domainId: string };
  readonly project?: { readonly id: string; readonly name: string; readonly domainId: string };
  readonly roles: readonly RoleRef[];
  readonly catalog: readonly CatalogService[];
  readonly trustId?: string;
  /** A system-scoped token (`"system": {"all": true}`): it acts on the deployment, not on a project. */
  readonly systemScope?: boolean;
}

const domain = (ref: DomainRef | undefined): { id: string } | { name: string } =>
  ref?.domainId ? { id: ref.domainId } : { name: ref?.domainName ?? 'Default' };

const user = (m: { username?: string; userId?: string; userDomain?: DomainRef }) =>
  m.userId ? { id: m.userId } : { name: m.username, domain: domain(m.userDomain) };

const identity = (method: AuthMethod): Record<string, unknown> => {
  switch (method.type) {
    case 'password':
      return { methods: ['password'], password: { user: { ...user(method), password: method.password } } };
    case 'application-credential': {
      const credential = method.id
        ? { id: method.id, secret: method.secret }
        : { name: method.name, secret: method.secret, user: user(method) };
      return { methods: ['application_credential'], application_credential: credential };
    }
    case 'token':
      return { methods: ['token'], token: { id: method.token } };
  }
};

const scopeBody = (scope: AuthScope): Record<string, unknown> | undefined => {
  if (scope === 'unscoped') return undefined;
  if ('projectId' in scope) return { project: { id: scope.projectId } };
  if ('projectName' in scope)
    return { project: { name: scope.projectName, domain: domain(scope.projectDomain) } };
  if ('domainId' in scope) return { domain: { id: scope.domainId } };
  return { 'OS-TRUST:trust': { id: scope.trustId } };
};

/** Body of `POST /v3/auth/tokens`. An application credential carries its own scope. */
export const authRequestBody = (method: AuthMethod, scope: AuthScope): Record<string, unknown> => {
  const scoped = method.type === 'application-credential' ? undefined : scopeBody(scope);
  return { auth: { identity: identity(method), ...(scoped ? { scope: scoped } : {}) } };
};

interface TokenBody {
  token?: {
    expires_at?: string;
    issued_at?: string;
    methods?: string[];
    user?: { id: string; name: string; domain?: { id: string } };
    project?: { id: string; name: string; domain?: { id: string } };
    roles?: RoleRef[];
    catalog?: CatalogService[];
    'OS-TRUST:trust'?: { id: string };
    system?: { all?: boolean };
  };
}

/** Parses a token response body (issue or validate) with the token string from X-Subject-Token. */
export const parseToken = (token: string | null | undefined, text: string): AccessInfo => {
  let body: TokenBody;
  try {
    body = JSON.parse(text) as TokenBody;
  } catch (error) {
    throw new AuthenticationError('keystone answered with a token body that is not JSON', { cause: error });
  }
  const t = body.token;
  if (!token || !t?.expires_at || !t.user) {
    throw new AuthenticationError('keystone answered without a token, expiry or user');
  }
  return {
    token,
    expiresAt: new Date(t.expires_at),
    issuedAt: new Date(t.issued_at ?? Date.now()),
    methods: t.methods ?? [],
    user: { id: t.user.id, name: t.user.name, domainId: t.user.domain?.id ?? '' },
    ...(t.project
      ? { project: { id: t.project.id, name: t.project.name, domainId: t.project.domain?.id ?? '' } }
      : {}),
    roles: t.roles ?? [],
    catalog: t.catalog ?? [],
    ...(t['OS-TRUST:trust'] ? { trustId: t['OS-TRUST:trust'].id } : {}),
    ...(t.system?.all === true ? { systemScope: true } : {}),
  };
};

/** Keystone's own URL ends in /v3 whether or not the configured auth_url does. */
export const identityV3Url = (authUrl: string): string => {
  const trimmed = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
};
