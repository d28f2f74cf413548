import { getOptionalString } from '../config/env.js';
import { serviceCredentialsFor } from '../openstack/config/service-credentials.js';
import { validateToken } from '../openstack/identity/tokens.js';
import { KeystoneSession, type SessionOptions } from '../openstack/session.js';
import { isCloudAdmin } from './admin-scope.js';
import { InvalidToken, type TokenValidator, type ValidatedToken } from './token-validator.js';

/**
 * Validates user tokens against Keystone v3 as keystonemiddleware does: the service's own
 * session asks `GET /v3/auth/tokens` about the user's token. Project-scoped tokens act in
 * their project; a system-scoped token (`"system": {"all": true}`) is accepted with the
 * `admin` role only, and then acts as a cloud admin in the URL's project. Cloud-wide power
 * follows lib/auth/admin-scope.ts (the project's id, name and domain come from the token).
 */
export class KeystoneTokenValidator implements TokenValidator {
  readonly #service: () => Promise<KeystoneSession>;

  constructor(service: () => Promise<KeystoneSession>) {
    this.#service = service;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const identity = await validateToken(await this.#service(), token, { noCatalog: true });
    if (!identity) throw new InvalidToken('the token is not valid');
    if (identity.systemScope && !identity.roles.includes('admin'))
      throw new InvalidToken('a system-scoped token needs the admin role here');
    if (!identity.projectId && !identity.systemScope)
      throw new InvalidToken('the token is scoped neither to a project nor to the system');
    return {
      caller: {
        userId: identity.userId,
        projectId: identity.projectId ?? '',
        projectName: identity.projectName,
        roles: identity.roles,
        isAdmin: isCloudAdmin(identity),
        ...(identity.systemScope ? { systemScope: true } : {}),
      },
      expiresAt: identity.expiresAt,
    };
  }
}

/** The service user (lib/openstack/config/service-credentials.ts picks the source). */
const readServiceSessionOptions = (): Promise<SessionOptions> =>
  serviceCredentialsFor(getOptionalString('KARBOR_SERVICE_CREDENTIALS_SECRET')).read();

let options: Promise<SessionOptions> | undefined;

/** The service user's settings, read once per process (a retry follows a failed read). */
export const serviceSessionOptions = (): Promise<SessionOptions> => {
  options ??= readServiceSessionOptions();
  options.catch(() => {
    options = undefined;
  });
  return options;
};

let serviceSession: Promise<KeystoneSession> | undefined;

/** One service session per process, created on first use. */
export const sharedServiceSession = (): Promise<KeystoneSession> => {
  serviceSession ??= serviceSessionOptions().then((options) => new KeystoneSession(options));
  serviceSession.catch(() => {
    serviceSession = undefined;
  });
  return serviceSession;
};

export const createKeystoneValidator = (): TokenValidator => new KeystoneTokenValidator(sharedServiceSession);
