import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
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
  StoreError,
  TransientStoreError,
} from './chunk-store.js';

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestTimeout',
  'ServiceUnavailable',
  'InternalError',
  'ConditionalRequestConflict',
  'TimeoutError',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

/** The one place where S3 SDK errors become store errors (kopia s3_storage.go translateError). */
const translateError = (error: unknown, key: string): Error => {
  if (error instanceof StoreError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? '';
  if (status === 412 || name === 'PreconditionFailed') return new AlreadyExistsError(key, { cause: error });
  if (name === 'NoSuchBucket')
    return new InvalidRequestError(`bucket for ${key} does not exist`, { cause: error });
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound')
    return new NotFoundError(key, { cause: error });
  if (status === 416 || name === 'InvalidRange')
    return new InvalidRangeError(`bad range for ${key}`, { cause: error });
  if (status === 403 || name === 'AccessDenied') {
    return new PermissionDeniedError(`access denied to ${key}`, { cause: error });
  }
  if (THROTTLING.has(name) || status === 429 || (status !== undefined && status >= 500)) {
    return new TransientStoreError(`S3 ${name || status} on ${key}`, { cause: error });
  }
  if (NETWORK.has(e.code ?? '') || NETWORK.has(name) || name === 'AbortError') {
    return new TransientStoreError(`network error on ${key}: ${e.code ?? name}`, { cause: error });
  }
  if (status !== undefined && status >= 400) {
    return new InvalidRequestError(`S3 refused ${key}: ${name || status}`, { cause: error });
  }
  return new StoreError(`S3 request for ${key} failed`, { cause: error });
};

interface S3StoreOptions {
  /** an S3 client made with requestChecksumCalculation 'WHEN_REQUIRED' and maxAttempts 1 (open-store.ts) */
  readonly client: S3Client;
  readonly bucket: string;
  /** key prefix inside the bucket, without leading or trailing slash ('' for the root) */
  readonly prefix: string;
}

/**
 * The request checksum every put carries: the caller's SHA-256 when it has one (chunks), else one
 * computed here with node:crypto (manifests, journals, jobs). A bucket with Object Lock default
 * retention refuses any put without Content-MD5 or an x-amz-checksum-* header; the algorithm
 * header (`x-amz-sdk-checksum-algorithm: SHA256`) is what the SDK itself sends with one, and what
 * emulators such as moto look for. With the checksum header present the SDK computes nothing more.
 */
const checksumOf = (body: Uint8Array, sha256: string | undefined) =>
  ({
    ChecksumAlgorithm: 'SHA256',
    ChecksumSHA256:
      sha256 === undefined
        ? createHash('sha256').update(body).digest('base64')
        : Buffer.from(sha256, 'hex').toString('base64'),
  }) as const;

/**
 * Chunk store on S3. Every put sends a SHA-256 request checksum (x-amz-checksum-sha256), so no
 * CRC is computed in JavaScript on the request path, and `If-None-Match: *` for ifAbsent.
 */
class S3Store implements ChunkStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly description: string;
  readonly checksumsPuts = true;

  constructor(options: S3StoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix === '' ? '' : `${options.prefix}/`;
    this.description = `s3://${options.bucket}/${options.prefix}`;
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<void> {
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#prefix + key,
          Body: body,
          ContentLength: body.length,
          ...(options.ifAbsent ? { IfNoneMatch: '*' } : {}),
          ...checksumOf(body, options.sha256),
        }),
      );
    } catch (error) {
      throw translateError(error, key);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    if (range !== undefined && range.end === range.start) {
      if ((await this.head(key)) === undefined) throw new NotFoundError(key);
      return Buffer.alloc(0);
    }
    try {
      const out = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: this.#prefix + key,
          ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
        }),
      );
      const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
      if (range !== undefined && bytes.length !== range.end - range.start) {
        throw new InvalidRangeError(`range ${range.start}-${range.end} outside ${key}`);
      }
      return bytes;
    } catch (error) {
      throw translateError(error, key);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      return { key, size: out.ContentLength ?? 0, lastModified: out.LastModified ?? new Date(0) };
    } catch (error) {
      const translated = translateError(error, key);
      if (translated instanceof NotFoundError) return undefined;
      throw translated;
    }
  }

  /** a copy onto itself with REPLACE metadata: S3 sets LastModified anew, the bytes stay */
  async touch(key: string): Promise<void> {
    const source = `${this.#bucket}/${this.#prefix}${key}`.split('/').map(encodeURIComponent).join('/');
    // the copy is a new object version: it gets a SHA-256 like every put, which an Object Lock
    // bucket with default retention requires of uploads; the SDK names the algorithm only in
    // x-amz-checksum-algorithm on a copy, so the header that PutObject carries is added too
    const copy = new CopyObjectCommand({
      Bucket: this.#bucket,
      Key: this.#prefix + key,
      CopySource: source,
      MetadataDirective: 'REPLACE',
      ChecksumAlgorithm: 'SHA256',
    });
    copy.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers['x-amz-sdk-checksum-algorithm'] = 'SHA256';
        return next(args);
      },
      { step: 'build', name: 'karborCopyChecksumHeader' },
    );
    try {
      await this.#client.send(copy);
    } catch (error) {
      throw translateError(error, key);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    try {
      const pages = paginateListObjectsV2(
        { client: this.#client },
        { Bucket: this.#bucket, Prefix: this.#prefix + prefix },
      );
      for await (const page of pages) {
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          yield {
            key: item.Key.slice(this.#prefix.length),
            size: item.Size ?? 0,
            lastModified: item.LastModified ?? new Date(0),
          };
        }
      }
    } catch (error) {
      throw translateError(error, prefix);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
    } catch (error) {
      const translated = translateError(error, key);
      if (!(translated instanceof NotFoundError)) throw translated;
    }
  }
}

export type { S3StoreOptions };
export { S3Store, translateError };
