import { ApiError } from './api-error.js';
import { type Fetch, requestJson } from './http.js';

/**
 * Keystone through the console's own origin (`/identity/v3/auth/tokens`, forwarded to the
 * cloud's Keystone by `npm start` and by CloudFront): password sign-in, reading a pasted
 * token, and revoking the token at sign-out. Karbor's noauth tokens (`user:project`) need no
 * Keystone at all.
 */

export const identityTokensPath = '/identity/v3/auth/tokens';

/** Who a token belongs to: enough to address `/v1/<project>` and to tell the user. */
export interface TokenInfo {
  readonly token: string;
  readonly projectId: string;
  readonly projectName: string | undefined;
  readonly userName: string | undefined;
  readonly expiresAt: Date | undefined;
}

export interface PasswordCredentials {
  readonly userName: string;
  readonly password: string;
  readonly projectName: string;
  /** Domain of both the user and the project, as the OpenStack CLI's OS_*_DOMAIN_NAME. */
  readonly domainName: string;
}

interface KeystoneTokenBody {
  readonly token?: {
    readonly expires_at?: string;
    readonly user?: { readonly name?: string };
    readonly project?: { readonly id?: string; readonly name?: string };
  };
}

const tokenInfo = (token: string, body: KeystoneTokenBody): TokenInfo => {
  const projectId = body.token?.project?.id;
  if (!projectId) {
    throw new ApiError(400, 'The token is not scoped to a project; Karbor needs a project token.', undefined);
  }
  const expires = body.token?.expires_at;
  return {
    token,
    projectId,
    projectName: body.token?.project?.name,
    userName: body.token?.user?.name,
    expiresAt: expires ? new Date(expires) : undefined,
  };
};

export const passwordAuthBody = (credentials: PasswordCredentials) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: {
        user: {
          name: credentials.userName,
          domain: { name: credentials.domainName },
          password: credentials.password,
        },
      },
    },
    scope: { project: { name: credentials.projectName, domain: { name: credentials.domainName } } },
  },
});

/** `user:project` or `user:project:admin` (README: noauth mode), else undefined. */
export const noauthTokenInfo = (token: string): TokenInfo | undefined => {
  const match = /^([^:\s]+):([^:\s]+)(?::admin)?$/.exec(token);
  if (!match) return undefined;
  return {
    token,
    projectId: match[2] as string,
    projectName: undefined,
    userName: match[1],
    expiresAt: undefined,
  };
};

export class IdentityClient {
  readonly #fetch: Fetch;
  readonly #url: string;

  constructor(options: { origin?: string; fetch?: Fetch } = {}) {
    this.#url = `${options.origin ?? ''}${identityTokensPath}?nocatalog`;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async signIn(credentials: PasswordCredentials): Promise<TokenInfo> {
    const response = await requestJson<KeystoneTokenBody>(this.#fetch, {
      method: 'POST',
      url: this.#url,
      body: passwordAuthBody(credentials),
    });
    const token = response.headers.get('x-subject-token');
    if (!token) throw new ApiError(502, 'Keystone answered without a token.', undefined);
    return tokenInfo(token, response.body);
  }

  /** What Keystone says about a pasted token (a user may read their own token). */
  async describe(token: string): Promise<TokenInfo> {
    const response = await requestJson<KeystoneTokenBody>(this.#fetch, {
      method: 'GET',
      url: this.#url,
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
    return tokenInfo(token, response.body);
  }

  /** Revokes the token; sign-out goes on whether or not this works. */
  async revoke(token: string): Promise<void> {
    await requestJson(this.#fetch, {
      method: 'DELETE',
      url: this.#url,
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
  }
}
