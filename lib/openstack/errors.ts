/**
 * The one error hierarchy of the OpenStack client. Every error says which call failed
 * (`operation`, e.g. "cinder: create volume", plus method and URL) and, when the service
 * answered, the OpenStack request id and the body it sent.
 */

export interface CallDescription {
  /** Human name of the call, e.g. "nova: show server 1234". */
  readonly operation: string;
  readonly method: string;
  readonly url: string;
}

export class OpenStackError extends Error {
  override name = 'OpenStackError';
}

/** The service answered with a status the call does not expect. */
export class UnexpectedStatusError extends OpenStackError {
  override name = 'UnexpectedStatusError';
  readonly call: CallDescription;
  readonly expected: readonly number[];
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: string;

  constructor(
    call: CallDescription,
    expected: readonly number[],
    status: number,
    body: string,
    requestId: string | undefined,
  ) {
    super(
      `${call.operation}: ${call.method} ${call.url} returned ${status}, expected ${expected.join(' or ')}` +
        `${requestId === undefined ? '' : ` (request id ${requestId})`}: ${summarize(body)}`,
    );
    this.call = call;
    this.expected = expected;
    this.status = status;
    this.body = body;
    this.requestId = requestId;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The request never got an answer: refused, reset, DNS, or the per-call timeout. */
export class ConnectionError extends OpenStackError {
  override name = 'ConnectionError';
  readonly call: CallDescription;
  constructor(call: CallDescription, options: { cause: unknown }) {
    super(`${call.operation}: ${call.method} ${call.url} failed: ${describeCause(options.cause)}`, options);
    this.call = call;
  }
}

/** Authentication failed or a token could not be (re-)issued. */
export class AuthenticationError extends OpenStackError {
  override name = 'AuthenticationError';
}

/** No catalog entry for a service type with the wanted interface and region. */
export class EndpointNotFoundError extends OpenStackError {
  override name = 'EndpointNotFoundError';
}

/** clouds.yaml / OS_* settings are missing or inconsistent. */
export class CloudConfigError extends OpenStackError {
  override name = 'CloudConfigError';
}

/** A resource reached a status the waiter treats as failure (e.g. `error`). */
export class WaitFailedError extends OpenStackError {
  override name = 'WaitFailedError';
  readonly status: string;
  constructor(what: string, status: string, detail?: string) {
    super(`${what} reached status ${status}${detail ? `: ${detail}` : ''}`);
    this.status = status;
  }
}

/** A resource did not reach an awaited status in time. */
export class WaitTimeoutError extends OpenStackError {
  override name = 'WaitTimeoutError';
  readonly lastStatus: string | undefined;
  constructor(what: string, wanted: readonly string[], timeoutMs: number, lastStatus: string | undefined) {
    super(
      `${what} did not reach ${wanted.join(' or ')} within ${Math.round(timeoutMs / 1000)} s` +
        ` (last status ${lastStatus ?? 'unknown'})`,
    );
    this.lastStatus = lastStatus;
  }
}

const summarize = (body: string): string => {
  const text = extractMessage(body) ?? body;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || '(empty body)';
};

/** OpenStack error bodies: `{"itemNotFound": {"message": ...}}`, `{"NeutronError": {...}}`, `{"error": {...}}`. */
const extractMessage = (body: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    if ('message' in parsed && typeof parsed.message === 'string')
      return parsed.message.replace(/<br \/>/g, ' ').trim();
    for (const value of Object.values(parsed)) {
      if (value !== null && typeof value === 'object' && 'message' in value) {
        return String((value as { message: unknown }).message);
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
};

const describeCause = (cause: unknown): string => {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return `${cause.message}${inner}`;
};

export const isNotFound = (error: unknown): boolean =>
  error instanceof UnexpectedStatusError && error.status === 404;
