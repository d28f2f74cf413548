/**
 * Retry policy for OpenStack calls: connection errors and 502/503/504 are always transient;
 * 500 only for idempotent methods; 409 and 429 only where a call says so (e.g. Nova 409 while a
 * server task is running, Cinder 409 on a busy volume). Delays use "full jitter" exponential
 * backoff; a Retry-After header from the service wins when it is longer.
 */

export interface RetryPolicy {
  /** Attempts in total, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Extra statuses this call may retry (409, 429). */
  readonly retryStatuses?: readonly number[];
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const alwaysTransient = new Set([502, 503, 504]);

export const isTransientStatus = (status: number, method: string, policy: RetryPolicy): boolean =>
  alwaysTransient.has(status) ||
  (status === 500 && idempotentMethods.has(method.toUpperCase())) ||
  (policy.retryStatuses ?? []).includes(status);

/** Delay before retry number `attempt` (1 = first retry). `random` is injectable for tests. */
export const backoffDelay = (
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, policy.maxDelayMs));
};

/** Retry-After as seconds or an HTTP date → milliseconds. */
export const parseRetryAfter = (value: string | null, now: number = Date.now()): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
