/** Errors of the Bank layer; controllers translate them into Karbor faults. */

export class BankError extends Error {
  override name = 'BankError';
}

/** A conditional write found the item in another state; `current` is the item as stored. */
export class ConditionFailed extends BankError {
  override name = 'ConditionFailed';
  readonly current: Record<string, unknown> | undefined;

  constructor(message: string, current: Record<string, unknown> | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.current = current;
  }
}

/** A quota counter would pass its limit. */
export class QuotaExceeded extends BankError {
  override name = 'QuotaExceeded';
  readonly resource: string;
  readonly limit: number;

  constructor(resource: string, limit: number) {
    super(`Maximum number of ${resource} allowed (${limit}) exceeded`);
    this.resource = resource;
    this.limit = limit;
  }
}

/**
 * The Bank cannot answer now (DynamoDB unreachable, throttled or failing on its side); the
 * same request may succeed later. `retryAfterSeconds` is what the API tells the client.
 */
export class BankUnavailable extends BankError {
  override name = 'BankUnavailable';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** DynamoDB refused an item as too large or too deeply nested: the request holds more than the Bank stores. */
export class BankItemRefused extends BankError {
  override name = 'BankItemRefused';
}

/** DynamoDB's answers that mean "busy or failing, try again" (AWS: throttling and server errors). */
const busyErrorNames = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'TransactionInProgressException',
]);

/** Socket errors of an endpoint that is down or unreachable (DynamoDB Local stopped, network cut). */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

const itemLimitMessages = [/nesting levels have exceeded/i, /item size (to update )?has exceeded/i];

const busyRetryAfterSeconds = 1;
const unreachableRetryAfterSeconds = 5;

interface SdkLikeError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly errors?: readonly unknown[];
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
}

const isUnreachable = (error: SdkLikeError): boolean =>
  (error.code !== undefined && unreachableCodes.has(error.code)) ||
  error.name === 'TimeoutError' ||
  (error.errors ?? []).some((inner) => isUnreachable((inner ?? {}) as SdkLikeError));

const reasonCodes = (error: SdkLikeError): string[] =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code ?? '');

const isBusy = (error: SdkLikeError): boolean =>
  busyErrorNames.has(error.name ?? '') ||
  (error.$metadata?.httpStatusCode ?? 0) >= 500 ||
  (!reasonCodes(error).includes('ConditionalCheckFailed') &&
    reasonCodes(error).some((code) =>
      ['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict'].includes(code),
    ));

/**
 * Translates what the DynamoDB client threw into the Bank's errors: an outage or throttling
 * becomes `BankUnavailable`, an item DynamoDB cannot hold `BankItemRefused`; anything else
 * is returned unchanged.
 */
export const translateBankError = (error: unknown): unknown => {
  if (error instanceof BankError || typeof error !== 'object' || error === null) return error;
  const sdk = error as SdkLikeError;
  if (isUnreachable(sdk))
    return new BankUnavailable('the Bank cannot be reached', unreachableRetryAfterSeconds, { cause: error });
  if (isBusy(sdk))
    return new BankUnavailable('the Bank is busy or failing', busyRetryAfterSeconds, { cause: error });
  if (
    sdk.name === 'ValidationException' &&
    itemLimitMessages.some((pattern) => pattern.test(sdk.message ?? ''))
  )
    return new BankItemRefused(sdk.message ?? 'item refused', { cause: error });
  return error;
};
