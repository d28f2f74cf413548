import { getOptionalString } from '../config/env.js';
import { serviceCredentialsFor } from '../openstack/config/service-credentials.js';
import { validateToken } from '../openstack/identity/tokens.js';
import { KeystoneSession, type SessionOptions } from '../openstack/session.js';
import { InvalidToken, type TokenValidator, type ValidatedToken } from './token-validator.js';

/**
 * Validates user tokens against Keystone v3 as keystonemiddleware does: the service's own
 * session asks `GET /v3/auth/tokens` about the user's token. Only project-scoped tokens are
 * accepted, since every Karbor URL names a project.
 */
export class KeystoneTokenValidator implements TokenValidator {
  readonly #service: () => Promise<KeystoneSession>;

  constructor(service: () => Promise<KeystoneSession>) {
    this.#service = service;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const identity = await validateToken(await this.#service(), token, { noCatalog: true });
    if (!identity) throw new InvalidToken('the token is not valid');
    if (!identity.projectId) throw new InvalidToken('the token is not scoped to a project');
    return {
      caller: {
        userId: identity.userId,
        projectId: identity.projectId,
        projectName: identity.projectName,
        roles: identity.roles,
        isAdmin: identity.roles.includes('admin'),
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
