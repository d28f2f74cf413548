/**
 * A chunk store moves keys and bytes; it knows nothing of blocks, codecs or manifests
 * (format code lives in block-format.ts and manifest.ts). Keys come from key-layout.ts.
 *
 * Contract every implementation keeps (checked by store-conformance.ts for each backend):
 * - `put` is atomic: a reader sees either no object or the whole object, never a part.
 * - Read-after-write: once `put` resolves, `get`, `head` and `list` see the object.
 * - `put(..., { ifAbsent: true })` creates only when the key is free and otherwise throws
 *   `AlreadyExistsError` without changing the stored object (S3 `If-None-Match: *`).
 *   Chunk keys are content addresses, so callers treat AlreadyExists as success: a retried or
 *   repeated upload is idempotent.
 * - `get` of a missing key throws `NotFoundError`; a range past the end throws `InvalidRangeError`.
 * - `touch` sets an object's last-modified time to the store's now without changing its bytes,
 *   and throws `NotFoundError` when the key is missing (S3 CopyObject onto itself; utimes on
 *   files). GC's deletion check reads that time (docs/gc.md), so a touch must never lower it.
 * - `delete` of a missing key succeeds (idempotent).
 * - `list(prefix)` yields every key under the prefix exactly once, in no particular order,
 *   with its size and last-modified time (GC's grace period is measured from it).
 * - Transient trouble (throttling, network) surfaces as `TransientStoreError`, so the retrying
 *   wrapper can tell it from permanent errors; backends never retry on their own.
 */
interface PutOptions {
  /** create only if the key does not exist (If-None-Match: *) */
  readonly ifAbsent?: boolean;
  /** SHA-256 of `body`, lower-case hex, when the caller has it: sent as the S3 request checksum */
  readonly sha256?: string;
}

interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

interface ByteRange {
  /** first byte, inclusive */
  readonly start: number;
  /** last byte, exclusive */
  readonly end: number;
}

interface ChunkStore {
  /** a URL-like description for messages, e.g. `s3://bucket/prefix` or `file:///srv/bank` */
  readonly description: string;
  /**
   * true when the backend checks `PutOptions.sha256` on receipt (S3 x-amz-checksum-sha256);
   * callers compute that hash only then
   */
  readonly checksumsPuts: boolean;
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Buffer>;
  head(key: string): Promise<ObjectInfo | undefined>;
  touch(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  delete(key: string): Promise<void>;
}

class StoreError extends Error {
  override name = 'StoreError';
}

class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`${key} not found`, options);
  }
}

class AlreadyExistsError extends StoreError {
  override name = 'AlreadyExistsError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`${key} already exists`, options);
  }
}

class InvalidRangeError extends StoreError {
  override name = 'InvalidRangeError';
}

class PermissionDeniedError extends StoreError {
  override name = 'PermissionDeniedError';
}

/** Throttling (S3 503 SlowDown), timeouts and network resets: worth retrying. */
class TransientStoreError extends StoreError {
  override name = 'TransientStoreError';
}

/** The request can never succeed as made: a bad key, a missing bucket. */
class InvalidRequestError extends StoreError {
  override name = 'InvalidRequestError';
}

/** The store answered something it must not (short write, wrong size); not retried. */
class StoreIntegrityError extends StoreError {
  override name = 'StoreIntegrityError';
}

export type { ByteRange, ChunkStore, ObjectInfo, PutOptions };
export {
  AlreadyExistsError,
  InvalidRangeError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  StoreError,
  StoreIntegrityError,
  TransientStoreError,
};
