import { BankItemRefused, BankUnavailable } from '../bank/bank-errors.js';

/**
 * Karbor's fault format (shared/reference/karbor-api.md §1.5): every error body is a one-key
 * object `{"<faultName>": {"code": <int>, "message": "<text>"}}`; the client reads the message
 * of the first value.
 */

const faultNames: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export const faultNameOf = (status: number): string => faultNames[status] ?? 'computeFault';

export interface FaultBody {
  readonly [faultName: string]: { readonly code: number; readonly message: string };
}

export class KarborFault extends Error {
  override name = 'KarborFault';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.headers = options?.headers ?? {};
  }

  toJSON(): FaultBody {
    return { [faultNameOf(this.status)]: { code: this.status, message: this.message } };
  }
}

export class BadRequest extends KarborFault {
  override name = 'BadRequest';
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
  }
}

export class NotFound extends KarborFault {
  override name = 'NotFound';
  constructor(message: string, options?: { cause?: unknown }) {
    super(404, message, options);
  }
}

export class Forbidden extends KarborFault {
  override name = 'Forbidden';
  constructor(message: string, options?: { cause?: unknown }) {
    super(403, message, options);
  }
}

export class Unauthorized extends KarborFault {
  override name = 'Unauthorized';
  constructor(message: string, headers?: Record<string, string>) {
    super(401, message, headers === undefined ? undefined : { headers });
  }
}

export class Conflict extends KarborFault {
  override name = 'Conflict';
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, message, options);
  }
}

export class OverLimit extends KarborFault {
  override name = 'OverLimit';
  constructor(message: string) {
    super(413, message);
  }
}

/** A 503 whose message is safe to show: the service is up but a dependency is not; retry later. */
export class ServiceUnavailable extends KarborFault {
  override name = 'ServiceUnavailable';
  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(503, message, { cause: options?.cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** Bank errors mean the same thing to every controller, so they become faults here, once. */
const bankFault = (error: unknown): KarborFault | undefined => {
  if (error instanceof BankUnavailable)
    return new ServiceUnavailable(
      'The service is temporarily unavailable: its database did not answer. Retry later.',
      error.retryAfterSeconds,
      { cause: error },
    );
  if (error instanceof BankItemRefused)
    return new BadRequest('The request holds more than can be stored (too large or too deeply nested).', {
      cause: error,
    });
  return undefined;
};

/** The message every 5xx carries to the client; the real cause is logged with the request id. */
export const internalErrorMessage =
  'The server has either erred or is incapable of performing the requested operation.';

/**
 * Turns anything thrown into a fault: 4xx and `ServiceUnavailable` keep their message, a Bank
 * outage is a 503 with `Retry-After`, everything else is a 5xx with a generic message.
 */
export const toFault = (error: unknown): KarborFault => {
  if (error instanceof ServiceUnavailable) return error;
  if (error instanceof KarborFault) {
    return error.status >= 500
      ? new KarborFault(error.status, internalErrorMessage, { cause: error, headers: { ...error.headers } })
      : error;
  }
  return bankFault(error) ?? new KarborFault(500, internalErrorMessage, { cause: error });
};
