/**
 * Failures of the console's calls, and what a tenant is told about them: plain words for the
 * status, the server's own message, and the request id to quote to an administrator.
 */

export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** The server's message (the fault body's), if any. */
  readonly serverMessage: string | undefined;
  /** `x-openstack-request-id` of the response. */
  readonly requestId: string | undefined;

  constructor(
    status: number,
    serverMessage: string | undefined,
    requestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(serverMessage ?? `HTTP ${status}`, options);
    this.status = status;
    this.serverMessage = serverMessage;
    this.requestId = requestId;
  }

  /** The token is missing, expired or revoked: the session is over. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

/** Something the user typed or chose cannot be used; its message says what to change. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * The message of a fault body: Karbor's `{"badRequest": {"code": 400, "message": "…"}}` and
 * Keystone's `{"error": {"code": 401, "message": "…", "title": "…"}}` are both one-key objects.
 */
export const faultMessage = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const values = Object.values(body);
  if (values.length !== 1) return undefined;
  const inner = values[0] as { message?: unknown } | null;
  return typeof inner?.message === 'string' && inner.message.trim() !== '' ? inner.message : undefined;
};

export interface ErrorDescription {
  /** What happened, in words a tenant understands. */
  readonly summary: string;
  /** The server's own explanation, when it gave one. */
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
}

const summaries: Readonly<Record<number, string>> = {
  0: 'The service could not be reached. Check your connection and try again.',
  400: 'The request was not accepted.',
  401: 'Your session has ended (the token expired or is not valid). Sign in again.',
  403: 'You are not allowed to do this in this project.',
  404: 'It no longer exists; it may have been deleted.',
  405: 'This action is not available here.',
  409: 'It changed while you were working on it. Reload and try again.',
  413: 'A limit was reached.',
  424: 'It is still in use by something else.',
  502: 'A service behind the console did not answer. Try again in a moment.',
  503: 'This service is not available right now.',
};

const serverFault =
  'Something went wrong on our side. Try again; if it keeps happening, give your administrator the request id.';

export const describeError = (error: unknown): ErrorDescription => {
  if (error instanceof ApiError) {
    const summary = summaries[error.status] ?? (error.status >= 500 ? serverFault : 'The request failed.');
    // 5xx messages are generic by design (STYLE: faults hide internals); do not repeat them.
    const detail =
      error.status >= 500 && error.status !== 502 && error.status !== 503 ? undefined : error.serverMessage;
    return { summary, detail, requestId: error.requestId };
  }
  if (error instanceof InputError) return { summary: error.message, detail: undefined, requestId: undefined };
  return {
    summary: 'Something unexpected happened in the console.',
    detail: error instanceof Error ? error.message : String(error),
    requestId: undefined,
  };
};
