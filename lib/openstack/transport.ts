import { type CallDescription, ConnectionError, UnexpectedStatusError } from './errors.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  isTransientStatus,
  parseRetryAfter,
  type RetryPolicy,
  sleep,
} from './retry.js';

/**
 * HTTP under every OpenStack call: global fetch with a timeout until the response headers,
 * an explicit list of expected statuses, and retries with jittered backoff for connection
 * errors and transient statuses (see retry.ts). Streamed request bodies are sent once: they
 * cannot be replayed, so only connection failures before the body starts are retried.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON with Content-Type application/json. */
  readonly json?: unknown;
  /** Raw body (bytes or a web stream). */
  readonly body?: Uint8Array | ReadableStream<Uint8Array>;
  readonly expected: readonly number[];
  /** Time allowed until the response headers arrive. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly requestId: string | undefined;
}

export interface TextResult extends HttpResult {
  readonly text: string;
}

export interface StreamResult extends HttpResult {
  readonly stream: ReadableStream<Uint8Array>;
}

export interface TransportOptions {
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly fetch?: typeof fetch;
}

const requestIdOf = (headers: Headers): string | undefined =>
  headers.get('x-openstack-request-id') ?? headers.get('x-compute-request-id') ?? undefined;

export class HttpTransport {
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#fetch = options.fetch ?? fetch;
  }

  /** Sends the request and reads the whole body as text. */
  async send(request: HttpRequest): Promise<TextResult> {
    const response = await this.#exchange(request);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      requestId: requestIdOf(response.headers),
      text,
    };
  }

  /** Sends the request and hands back the response body as a stream (for downloads). */
  async sendStream(request: HttpRequest): Promise<StreamResult> {
    const response = await this.#exchange(request);
    const stream = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    return {
      status: response.status,
      headers: response.headers,
      requestId: requestIdOf(response.headers),
      stream,
    };
  }

  async #exchange(request: HttpRequest): Promise<Response> {
    const policy: RetryPolicy = { ...this.#retry, ...request.retry };
    const call: CallDescription = { operation: request.operation, method: request.method, url: request.url };
    const replayable = !(request.body instanceof ReadableStream);
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= policy.attempts;
      let response: Response;
      try {
        response = await this.#fetchOnce(request);
      } catch (error) {
        if (last || !replayable) throw new ConnectionError(call, { cause: error });
        await sleep(backoffDelay(attempt, policy));
        continue;
      }
      if (request.expected.includes(response.status)) return response;
      const text = await response.text().catch(() => '');
      if (!last && replayable && isTransientStatus(response.status, request.method, policy)) {
        await sleep(backoffDelay(attempt, policy, parseRetryAfter(response.headers.get('retry-after'))));
        continue;
      }
      throw new UnexpectedStatusError(
        call,
        request.expected,
        response.status,
        text,
        requestIdOf(response.headers),
      );
    }
  }

  async #fetchOnce(request: HttpRequest): Promise<Response> {
    const headers = new Headers(request.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      body = request.body;
    }
    const controller = new AbortController();
    const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
    const timer = setTimeout(
      () => controller.abort(new Error(`no response within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method,
        headers,
        signal: controller.signal,
      };
      if (body !== undefined) init.body = body;
      if (request.body instanceof ReadableStream) init.duplex = 'half';
      return await this.#fetch(request.url, init);
    } finally {
      clearTimeout(timer);
    }
  }
}
