import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TransientStoreError } from '../../lib/blocks/chunk-store.js';
import { openStore } from '../../lib/blocks/open-store.js';
import { translateError } from '../../lib/blocks/s3-store.js';
import { describeChunkStoreConformance } from '../../lib/blocks/store-conformance.js';
import { createTestBucket } from '../support/s3-bucket.js';

describeChunkStoreConformance('s3 (moto)', async () => {
  const bucket = await createTestBucket('conformance');
  return {
    store: openStore(`s3://${bucket.name}/some/prefix`, { s3Client: bucket.client }),
    cleanup: bucket.remove,
  };
});

// -c objectLock=true: S3 refuses any put without Content-MD5 or an x-amz-checksum-* header
describeChunkStoreConformance('s3 (moto) with versioning and Object Lock default retention', async () => {
  const bucket = await createTestBucket('locked', { objectLock: true });
  return {
    store: openStore(`s3://${bucket.name}/some/prefix`, { s3Client: bucket.client }),
    cleanup: bucket.remove,
  };
});

describe('s3 store', () => {
  it('keeps its objects under the URL prefix of the bucket', async () => {
    const bucket = await createTestBucket('prefix');
    const store = openStore(`s3://${bucket.name}/tenant-bank`, { s3Client: bucket.client });
    await store.put('projects/p/x', Buffer.from('x'));
    const root = openStore(`s3://${bucket.name}`, { s3Client: bucket.client });
    const keys: string[] = [];
    for await (const info of root.list('')) keys.push(info.key);
    expect(keys).toEqual(['tenant-bank/projects/p/x']);
    await bucket.remove();
  });

  it('sends the SHA-256 as x-amz-checksum-sha256 on every put and computes no CRC checksum in JavaScript', async () => {
    const bucket = await createTestBucket('checksum');
    const seen: Record<string, string>[] = [];
    bucket.client.middlewareStack.add(
      (next) => async (args) => {
        seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureHeaders' },
    );
    const store = openStore(`s3://${bucket.name}/p`, { s3Client: bucket.client });
    const body = randomBytes(100_000);
    const manifest = Buffer.from('{"a manifest":"without a caller checksum"}');
    await store.put('k', body, { sha256: createHash('sha256').update(body).digest('hex') });
    await store.put('m', manifest);
    const puts = seen.filter((headers) => 'x-amz-checksum-sha256' in headers);
    expect(puts.map((headers) => headers['x-amz-checksum-sha256'])).toEqual([
      createHash('sha256').update(body).digest('base64'),
      createHash('sha256').update(manifest).digest('base64'),
    ]);
    for (const headers of seen) {
      expect(Object.keys(headers).filter((h) => /checksum-crc/.test(h))).toEqual([]);
      expect(headers['x-amz-sdk-checksum-algorithm'] ?? 'SHA256').toBe('SHA256');
    }
    bucket.client.middlewareStack.remove('captureHeaders');
    await bucket.remove();
  });

  it('treats 503 SlowDown and connection resets as transient', () => {
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), {
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(translateError(slowDown, 'k')).toBeInstanceOf(TransientStoreError);
    expect(translateError(reset, 'k')).toBeInstanceOf(TransientStoreError);
  });
});
