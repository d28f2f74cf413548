import { S3Client } from '@aws-sdk/client-s3';
import { getOptionalString } from '../config/env.js';
import { type ChunkStore, InvalidRequestError } from './chunk-store.js';
import { FileStore } from './file-store.js';
import { LimitingStore } from './limiting-store.js';
import { DEFAULT_RETRY_POLICY, type RetryHooks, RetryingStore, type RetryPolicy } from './retrying-store.js';
import { S3Store } from './s3-store.js';

interface OpenStoreOptions {
  /** requests in flight against the backend (default 16) */
  readonly maxInFlight?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly retryHooks?: RetryHooks;
  /** an S3 client to use instead of one made from the environment */
  readonly s3Client?: S3Client;
  /** wraps the raw backend before retry and limits are added (tests inject faults here) */
  readonly wrapBackend?: (backend: ChunkStore) => ChunkStore;
}

/**
 * An S3 client for the mover: the endpoint from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (with
 * path-style addressing, which emulators need), no SDK retries (RetryingStore is the one retry
 * layer), and no default CRC request checksums — puts carry the SHA-256 we compute anyway.
 */
const createMoverS3Client = (maxSockets: number): S3Client => {
  const endpoint = getOptionalString('AWS_ENDPOINT_URL_S3') ?? getOptionalString('AWS_ENDPOINT_URL');
  return new S3Client({
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      httpAgent: { keepAlive: true, maxSockets },
      httpsAgent: { keepAlive: true, maxSockets },
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
    },
  });
};

const openBackend = (url: string, options: OpenStoreOptions, maxInFlight: number): ChunkStore => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new InvalidRequestError(`store URL "${url}" is not a URL`, { cause });
  }
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '')
      throw new InvalidRequestError(`file store URL must be file:///absolute/path, got ${url}`);
    const root = decodeURIComponent(parsed.pathname).replace(/\/+$/, '');
    if (root === '') throw new InvalidRequestError('file store URL names no directory');
    return new FileStore(root);
  }
  if (parsed.protocol === 's3:') {
    if (parsed.host === '') throw new InvalidRequestError(`s3 store URL names no bucket: ${url}`);
    const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
    const client = options.s3Client ?? createMoverS3Client(maxInFlight);
    return new S3Store({ client, bucket: parsed.host, prefix });
  }
  throw new InvalidRequestError(`store URL must start with file:// or s3://, got ${url}`);
};

/**
 * Opens the store a URL names (`file:///dir` or `s3://bucket/prefix`) with the wrappers every
 * caller gets, composed here and only here: retry outside, concurrency limit inside it (a
 * request waiting out its backoff holds no slot), backend innermost.
 */
const openStore = (url: string, options: OpenStoreOptions = {}): ChunkStore => {
  const maxInFlight = options.maxInFlight ?? 16;
  const backend = openBackend(url, options, maxInFlight);
  const wrapped = options.wrapBackend ? options.wrapBackend(backend) : backend;
  return new RetryingStore(
    new LimitingStore(wrapped, maxInFlight),
    options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    options.retryHooks,
  );
};

export type { OpenStoreOptions };
export { createMoverS3Client, openStore };
