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
