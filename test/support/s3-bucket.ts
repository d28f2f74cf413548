import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createMoverS3Client } from '../../lib/blocks/open-store.js';

interface TestBucket {
  readonly client: S3Client;
  readonly name: string;
  readonly remove: () => Promise<void>;
}

interface TestBucketOptions {
  /**
   * Versioning plus Object Lock with a default governance retention of a day, as
   * `-c objectLock=true` deploys the block bucket (infra/data.ts): every put must then carry
   * Content-MD5 or an x-amz-checksum-* header.
   * @default false - a plain bucket
   */
  readonly objectLock?: boolean;
}

/**
 * A fresh bucket on the integration tier's emulated S3 (AWS_ENDPOINT_URL from
 * test/support/aws-emulators.setup.ts), emptied (every version, bypassing governance) and
 * deleted by `remove`.
 */
const createTestBucket = async (label: string, options: TestBucketOptions = {}): Promise<TestBucket> => {
  if (!process.env.AWS_ENDPOINT_URL && process.env.KARBOR_TEST_REAL_AWS !== '1') {
    throw new Error('AWS_ENDPOINT_URL is not set: run this suite through `vitest --project integration`');
  }
  const client = createMoverS3Client(32);
  const name = `${label}-${randomBytes(4).toString('hex')}`;
  await client.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(options.objectLock ? { ObjectLockEnabledForBucket: true } : {}),
    }),
  );
  if (options.objectLock) {
    await client.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await client.send(
      new PutObjectLockConfigurationCommand({
        Bucket: name,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
        },
      }),
    );
  }
  const remove = async (): Promise<void> => {
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: name, ...markers }));
      const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap(
        (o) => (o.Key ? [{ Key: o.Key, VersionId: o.VersionId }] : []),
      );
      if (objects.length > 0) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: name,
            Delete: { Objects: objects },
            ...(options.objectLock ? { BypassGovernanceRetention: true } : {}),
          }),
        );
      }
      if (!page.IsTruncated) break;
      markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    }
    await client.send(new DeleteBucketCommand({ Bucket: name }));
  };
  return { client, name, remove };
};

export type { TestBucket, TestBucketOptions };
export { createTestBucket };
