import { getOptionalString, getRequiredString, getString } from '../config/env.js';
import { InvalidToken, type TokenValidator, type ValidatedToken } from './token-validator.js';

/**
 * Validates user tokens against Keystone v3 (`GET /v3/auth/tokens` with the service's own
 * token in X-Auth-Token and the user's in X-Subject-Token), as keystonemiddleware does.
 */

export class KeystoneUnavailable extends Error {
  override name = 'KeystoneUnavailable';
}

interface TokenBody {
  token?: {
    expires_at?: string;
    user?: { id?: string };
    project?: { id?: string; name?: string };
    roles?: { name?: string }[];
  };
}

export type ServiceTokenSource = () => Promise<string>;

export class KeystoneTokenValidator implements TokenValidator {
  readonly #authUrl: string;
  readonly #serviceToken: ServiceTokenSource;

  constructor(authUrl: string, serviceToken: ServiceTokenSource) {
    this.#authUrl = authUrl.replace(/\/+$/, '').replace(/\/v3$/, '');
    this.#serviceToken = serviceToken;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const response = await fetch(`${this.#authUrl}/v3/auth/tokens?nocatalog`, {
      headers: { 'X-Auth-Token': await this.#serviceToken(), 'X-Subject-Token': token, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404 || response.status === 401) throw new InvalidToken('token is not valid');
    if (!response.ok) {
      throw new KeystoneUnavailable(
        `GET /v3/auth/tokens answered ${response.status} (request ${response.headers.get('x-openstack-request-id')})`,
      );
    }
    return fromTokenBody((await response.json()) as TokenBody);
  }
}

const fromTokenBody = (body: TokenBody): ValidatedToken => {
  const token = body.token;
  const userId = token?.user?.id;
  const projectId = token?.project?.id;
  if (!userId || !projectId || !token?.expires_at) throw new InvalidToken('token is not scoped to a project');
  const roles = (token.roles ?? []).flatMap((role) => (role.name ? [role.name] : []));
  return {
    caller: { userId, projectId, projectName: token.project?.name, roles, isAdmin: roles.includes('admin') },
    expiresAt: new Date(token.expires_at),
  };
};

/** A project-scoped service token from password credentials, re-issued before it expires. */
export const passwordServiceToken = (authUrl: string, credentials: ServiceCredentials): ServiceTokenSource => {
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    if (cached && cached.renewAt > Date.now()) return cached.token;
    const response = await fetch(`${authUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3/auth/tokens?nocatalog`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordAuthBody(credentials)),
      signal: AbortSignal.timeout(10_000),
    });
    const token = response.headers.get('x-subject-token');
    if (!response.ok || !token) throw new KeystoneUnavailable(`service authentication failed with ${response.status}`);
    const expiresAt = new Date(((await response.json()) as TokenBody).token?.expires_at ?? 0).getTime();
    cached = { token, renewAt: expiresAt - 5 * 60_000 };
    return token;
  };
};

export interface ServiceCredentials {
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
}

const passwordAuthBody = (c: ServiceCredentials) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: c.username, password: c.password, domain: { name: c.userDomainName } } },
    },
    scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
  },
});

/** Keystone validation configured from the `OS_*` variables, as the OpenStack CLI reads them. */
export const createKeystoneValidator = (): TokenValidator => {
  const authUrl = getRequiredString('OS_AUTH_URL');
  return new KeystoneTokenValidator(
    authUrl,
    passwordServiceToken(authUrl, {
      username: getRequiredString('OS_USERNAME'),
      password: getRequiredString('OS_PASSWORD'),
      projectName: getRequiredString('OS_PROJECT_NAME'),
      userDomainName: getString('OS_USER_DOMAIN_NAME', getOptionalString('OS_USER_DOMAIN_ID') ?? 'Default'),
      projectDomainName: getString('OS_PROJECT_DOMAIN_NAME', 'Default'),
    }),
  );
};
