import { isNotFound, WaitFailedError, WaitTimeoutError } from './errors.js';
import { sleep } from './retry.js';

/**
 * The one poll helper: "wait until the status is in {ready} or fail on {failed} or time out".
 * Every resource module's `waitFor…` is built on it. Status comparison ignores case, since
 * Nova says ACTIVE and Cinder says available.
 */

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

export interface WaitSpec<T> extends WaitOptions {
  /** Names the resource in errors, e.g. "cinder volume 1234". */
  readonly what: string;
  readonly fetch: () => Promise<T>;
  readonly status: (resource: T) => string;
  readonly ready: readonly string[];
  readonly failed?: readonly string[];
  /** Extra detail for a failure, e.g. a server's `fault.message`. */
  readonly detail?: (resource: T) => string | undefined;
}

const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));

export const waitForStatus = async <T>(spec: WaitSpec<T>): Promise<T> => {
  const timeoutMs = spec.timeoutMs ?? 300_000;
  const intervalMs = spec.intervalMs ?? 1_000;
  const ready = lower(spec.ready);
  const failed = lower(spec.failed ?? []);
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    const resource = await spec.fetch();
    last = spec.status(resource);
    if (ready.has(last.toLowerCase())) return resource;
    if (failed.has(last.toLowerCase())) throw new WaitFailedError(spec.what, last, spec.detail?.(resource));
    if (Date.now() + intervalMs > deadline)
      throw new WaitTimeoutError(spec.what, spec.ready, timeoutMs, last);
    await sleep(intervalMs);
  }
};

/** Waits until `fetch` answers 404 (the resource is gone); fails on a status in `failed`. */
export const waitForDeletion = async <T>(
  spec: Omit<WaitSpec<T>, 'ready'> & { readonly failed?: readonly string[] },
): Promise<void> => {
  try {
    await waitForStatus({
      ...spec,
      ready: [],
      fetch: spec.fetch,
    });
  } catch (error) {
    if (isNotFound(error)) return;
    if (error instanceof WaitTimeoutError) {
      throw new WaitTimeoutError(spec.what, ['deleted'], spec.timeoutMs ?? 300_000, error.lastStatus);
    }
    throw error;
  }
};
