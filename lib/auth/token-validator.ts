import type { CallerContext } from '../karbor/http/api-types.js';
import { type AdminScope, adminScopeFromEnv, isCloudAdmin } from './admin-scope.js';

/** Who a token belongs to, and until when that answer may be trusted. */
export interface ValidatedToken {
  readonly caller: Omit<CallerContext, 'authToken'>;
  readonly expiresAt: Date;
}

/** Validates an `X-Auth-Token`. Rejects with `InvalidToken` when the token is not valid. */
export interface TokenValidator {
  validate(token: string): Promise<ValidatedToken>;
}

export class InvalidToken extends Error {
  override name = 'InvalidToken';
}

/**
 * Karbor's noauth mode (reference §1.4): the token is `user:project` (or just `user`, which
 * then is the project too). Karbor made every noauth caller an admin, which erases tenant
 * isolation; here a caller has the `admin` role only as user `admin` or with a third part
 * `:admin` (`alice:proj:admin`), and that role is cloud-wide only on the admin project
 * (`admin:admin` by default; lib/auth/admin-scope.ts). Meant for local mode and tests.
 */
export class NoAuthValidator implements TokenValidator {
  readonly #scope: (() => AdminScope) | undefined;

  /** @param scope - who is a cloud admin; @default - `KARBOR_ADMIN_SCOPE`/`KARBOR_ADMIN_PROJECT`, read per token */
  constructor(scope?: () => AdminScope) {
    this.#scope = scope;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const [userId = '', projectPart, role] = token.split(':');
    const projectId = projectPart === undefined || projectPart === '' ? userId : projectPart;
    if (userId.trim() === '' || projectId.trim() === '')
      throw new InvalidToken('noauth tokens look like user:project');
    const roles = userId === 'admin' || role === 'admin' ? ['admin', 'member'] : ['member'];
    const isAdmin = isCloudAdmin({ roles, projectId }, (this.#scope ?? adminScopeFromEnv)());
    return {
      caller: { userId, projectId, roles, isAdmin },
      expiresAt: new Date(Date.now() + 3600_000),
    };
  }
}

/**
 * Caches validation results for the token's own lifetime and never longer (capped by
 * `maxAgeMs`), so a revoked token stops working within `maxAgeMs`.
 */
export class CachingTokenValidator implements TokenValidator {
  readonly #inner: TokenValidator;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #cache = new Map<string, { value: ValidatedToken; until: number }>();

  constructor(inner: TokenValidator, options: { maxAgeMs?: number; maxEntries?: number } = {}) {
    this.#inner = inner;
    this.#maxAgeMs = options.maxAgeMs ?? 300_000;
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const now = Date.now();
    const cached = this.#cache.get(token);
    if (cached && cached.until > now) return cached.value;
    this.#cache.delete(token);
    const value = await this.#inner.validate(token);
    const until = Math.min(value.expiresAt.getTime(), now + this.#maxAgeMs);
    if (until > now) {
      if (this.#cache.size >= this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(token, { value, until });
    }
    return value;
  }
}
