import { AuthenticationError, UnexpectedStatusError } from './errors.js';
import {
  type AccessInfo,
  type AuthMethod,
  type AuthScope,
  authRequestBody,
  identityV3Url,
  parseToken,
} from './identity/auth.js';
import { type EndpointInterface, findEndpoint } from './identity/catalog.js';
import type { RetryPolicy } from './retry.js';
import { type HttpMethod, HttpTransport, type StreamResult, type TextResult } from './transport.js';

/**
 * One Keystone session: issues a token with the configured method and scope, keeps it, issues
 * a new one shortly before it expires and once more when a service answers 401, and finds
 * each service's endpoint in the token's catalog (interface and region, or an override URL).
 * Every service module sends its calls through `request` / `requestStream`.
 */

export interface SessionOptions {
  readonly authUrl: string;
  readonly auth: AuthMethod;
  readonly scope?: AuthScope;
  readonly interface?: EndpointInterface;
  readonly region?: string;
  /** Service type → base URL, instead of the catalog (tests, proxies, private endpoints). */
  readonly endpointOverrides?: Readonly<Record<string, string>>;
  /** Service type → default microversion, e.g. { compute: '2.79', 'block-storage': '3.64' }. */
  readonly microversions?: Readonly<Record<string, string>>;
  /** Re-issue the token when it expires within this window. Default 5 minutes. */
  readonly expiryMarginMs?: number;
  /** A token response already in hand (e.g. from validation), used until it nears expiry. */
  readonly initialAccess?: AccessInfo;
  readonly transport?: HttpTransport;
  readonly clock?: () => number;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface ServiceRequest {
  readonly operation: string;
  readonly method: HttpMethod;
  /** Relative to the service endpoint ("/servers/detail"), or an absolute next-page link. */
  readonly path: string;
  readonly query?: Query;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly body?: Uint8Array | ReadableStream<Uint8Array>;
  readonly expected: readonly number[];
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly microversion?: string;
}

const defaultMicroversions: Readonly<Record<string, string>> = { compute: '2.79', 'block-storage': '3.64' };
const microversionName: Readonly<Record<string, string>> = { compute: 'compute', 'block-storage': 'volume' };

export const buildUrl = (base: string, path: string, query?: Query): string => {
  let url: URL;
  if (/^https?:\/\//.test(path)) {
    const link = new URL(path);
    url = new URL(`${link.pathname}${link.search}`, new URL(base).origin);
  } else {
    url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
};

export class KeystoneSession {
  readonly #options: SessionOptions;
  readonly #transport: HttpTransport;
  readonly #clock: () => number;
  #access: AccessInfo | undefined;
  #pending: Promise<AccessInfo> | undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#transport = options.transport ?? new HttpTransport();
    this.#clock = options.clock ?? Date.now;
    this.#access = options.initialAccess;
  }

  get identityUrl(): string {
    return identityV3Url(this.#options.authUrl);
  }

  get transport(): HttpTransport {
    return this.#transport;
  }

  /** The current token response, issuing a new token if there is none or it nears expiry. */
  async access(): Promise<AccessInfo> {
    const margin = this.#options.expiryMarginMs ?? 300_000;
    const current = this.#access;
    if (current && current.expiresAt.getTime() - margin > this.#clock()) return current;
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async token(): Promise<string> {
    return (await this.access()).token;
  }

  /** Forgets the token: the next call authenticates again. */
  invalidate(): void {
    this.#access = undefined;
  }

  async projectId(): Promise<string> {
    const project = (await this.access()).project;
    if (!project) throw new AuthenticationError('the session is not scoped to a project');
    return project.id;
  }

  async endpoint(serviceType: string): Promise<string> {
    const override = this.#options.endpointOverrides?.[serviceType];
    if (override) return override.replace(/\/+$/, '');
    if (serviceType === 'identity') return this.identityUrl;
    const selection = {
      ...(this.#options.interface ? { interface: this.#options.interface } : {}),
      ...(this.#options.region ? { region: this.#options.region } : {}),
    };
    return findEndpoint((await this.access()).catalog, serviceType, selection);
  }

  async request(service: string, request: ServiceRequest): Promise<TextResult> {
    return this.#withReauth(service, request, (r) => this.#transport.send(r));
  }

  async requestStream(service: string, request: ServiceRequest): Promise<StreamResult> {
    return this.#withReauth(service, request, (r) => this.#transport.sendStream(r));
  }

  /** Sends and parses a JSON body. */
  async requestJson<T>(service: string, request: ServiceRequest): Promise<T> {
    const result = await this.request(service, request);
    return (result.text === '' ? undefined : JSON.parse(result.text)) as T;
  }

  async #withReauth<R>(
    service: string,
    request: ServiceRequest,
    send: (r: Parameters<HttpTransport['send']>[0]) => Promise<R>,
  ): Promise<R> {
    const base = await this.endpoint(service);
    const headers: Record<string, string> = { ...request.headers };
    const version =
      request.microversion ?? this.#options.microversions?.[service] ?? defaultMicroversions[service];
    const versionName = microversionName[service];
    if (version && versionName) {
      headers['openstack-api-version'] = `${versionName} ${version}`;
      if (service === 'compute') headers['x-openstack-nova-api-version'] = version;
    }
    const build = (token: string) => ({
      operation: request.operation,
      method: request.method,
      url: buildUrl(base, request.path, request.query),
      headers: { ...headers, 'x-auth-token': token },
      expected: request.expected,
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      ...(request.retry === undefined ? {} : { retry: request.retry }),
    });
    const token = await this.token();
    try {
      return await send(build(token));
    } catch (error) {
      const replayable = !(request.body instanceof ReadableStream);
      if (!(error instanceof UnexpectedStatusError) || error.status !== 401 || !replayable) throw error;
      if (this.#access?.token === token) this.invalidate();
      return send(build(await this.token()));
    }
  }

  async #authenticate(): Promise<AccessInfo> {
    const scope = this.#options.scope ?? 'unscoped';
    let result: TextResult;
    try {
      result = await this.#transport.send({
        operation: `keystone: authenticate (${this.#options.auth.type})`,
        method: 'POST',
        url: `${this.identityUrl}/auth/tokens`,
        json: authRequestBody(this.#options.auth, scope),
        expected: [201],
      });
    } catch (error) {
      throw new AuthenticationError(`keystone authentication failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.#access = parseToken(result.headers.get('x-subject-token'), result.text);
    return this.#access;
  }
}
