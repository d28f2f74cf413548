import { setTimeout as sleep } from 'node:timers/promises';
import {
  AlreadyExistsError,
  type ByteRange,
  type ChunkStore,
  InvalidRangeError,
  InvalidRequestError,
  NotFoundError,
  type ObjectInfo,
  PermissionDeniedError,
  type PutOptions,
  StoreIntegrityError,
} from './chunk-store.js';

/**
 * Errors that no retry can fix (kopia retrying_storage.go isRetriable). Everything else — the
 * TransientStoreError of throttling and network trouble, and unknown store errors — is retried.
 */
const PERMANENT_ERRORS = [
  NotFoundError,
  AlreadyExistsError,
  InvalidRangeError,
  InvalidRequestError,
  PermissionDeniedError,
  StoreIntegrityError,
] as const;

const isRetriable = (error: unknown): boolean => !PERMANENT_ERRORS.some((type) => error instanceof type);

interface RetryPolicy {
  /** attempts in total, including the first */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  baseDelayMs: 100,
  maxDelayMs: 20_000,
});

interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<unknown>;
  readonly random?: () => number;
  /** told about every retry, e.g. to count throttling in the progress report */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Retries transient failures with exponential backoff and full jitter. This is the only retry
 * layer: backends and the S3 client (maxAttempts 1) never retry on their own.
 */
class RetryingStore implements ChunkStore {
  readonly #inner: ChunkStore;
  readonly #policy: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<unknown>;
  readonly #random: () => number;
  readonly #onRetry: RetryHooks['onRetry'];

  constructor(inner: ChunkStore, policy: RetryPolicy = DEFAULT_RETRY_POLICY, hooks: RetryHooks = {}) {
    this.#inner = inner;
    this.#policy = policy;
    this.#sleep = hooks.sleep ?? ((ms) => sleep(ms));
    this.#random = hooks.random ?? Math.random;
    this.#onRetry = hooks.onRetry;
  }

  get checksumsPuts(): boolean {
    return this.#inner.checksumsPuts;
  }

  get description(): string {
    return this.#inner.description;
  }

  async #attempt<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.#policy.maxAttempts || !isRetriable(error)) throw error;
        const ceiling = Math.min(this.#policy.maxDelayMs, this.#policy.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.floor(this.#random() * ceiling);
        this.#onRetry?.(error, attempt, delay);
        await this.#sleep(delay);
      }
    }
  }

  put(key: string, body: Uint8Array, options?: PutOptions): Promise<void> {
    return this.#attempt(() => this.#inner.put(key, body, options));
  }

  get(key: string, range?: ByteRange): Promise<Buffer> {
    return this.#attempt(() => this.#inner.get(key, range));
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#attempt(() => this.#inner.head(key));
  }

  touch(key: string): Promise<void> {
    return this.#attempt(() => this.#inner.touch(key));
  }

  delete(key: string): Promise<void> {
    return this.#attempt(() => this.#inner.delete(key));
  }

  /** A failed listing restarts from the beginning and skips keys it has already yielded. */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const seen = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      try {
        for await (const info of this.#inner.list(prefix)) {
          if (seen.has(info.key)) continue;
          seen.add(info.key);
          yield info;
        }
        return;
      } catch (error) {
        if (attempt >= this.#policy.maxAttempts || !isRetriable(error)) throw error;
        const delay = Math.floor(this.#random() * this.#policy.baseDelayMs * 2 ** (attempt - 1));
        this.#onRetry?.(error, attempt, delay);
        await this.#sleep(Math.min(delay, this.#policy.maxDelayMs));
      }
    }
  }
}

export type { RetryHooks, RetryPolicy };
export { DEFAULT_RETRY_POLICY, isRetriable, PERMANENT_ERRORS, RetryingStore };
