import type { AccessInfo } from './identity/auth.js';
import type { EndpointInterface } from './identity/catalog.js';
import { KeystoneSession } from './session.js';
import type { HttpTransport } from './transport.js';

/**
 * A session acting as the API's caller: token auth with the caller's token, scoped to the
 * caller's project, catalog from the token response. Pass the validated token (`access`, from
 * validateToken) to skip a Keystone round trip; when it nears expiry or a service answers 401
 * the session re-issues a token from the caller's (possible while that one is valid).
 */

export interface CallerSessionOptions {
  readonly authUrl: string;
  readonly token: string;
  readonly projectId: string;
  readonly access?: AccessInfo;
  readonly interface?: EndpointInterface;
  readonly region?: string;
  readonly endpointOverrides?: Readonly<Record<string, string>>;
  readonly transport?: HttpTransport;
}

export const callerSession = (options: CallerSessionOptions): KeystoneSession =>
  new KeystoneSession({
    authUrl: options.authUrl,
    auth: { type: 'token', token: options.token },
    scope: { projectId: options.projectId },
    // a validated token with a catalog, scoped to the same project, can be used as it is
    ...(options.access &&
    options.access.project?.id === options.projectId &&
    options.access.catalog.length > 0
      ? { initialAccess: options.access }
      : {}),
    ...(options.interface ? { interface: options.interface } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointOverrides ? { endpointOverrides: options.endpointOverrides } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
    expiryMarginMs: 30_000,
  });
