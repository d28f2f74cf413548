import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createMoverS3Client } from '../../lib/blocks/open-store.js';

interface TestBucket {
  readonly client: S3Client;
  readonly name: string;
  readonly remove: () => Promise<void>;
}

/**
 * A fresh bucket on the integration tier's emulated S3 (AWS_ENDPOINT_URL from
 * test/support/aws-emulators.setup.ts), emptied and deleted by `remove`.
 */
const createTestBucket = async (label: string): Promise<TestBucket> => {
  if (!process.env.AWS_ENDPOINT_URL && process.env.KARBOR_TEST_REAL_AWS !== '1') {
    throw new Error('AWS_ENDPOINT_URL is not set: run this suite through `vitest --project integration`');
  }
  const client = createMoverS3Client(32);
  const name = `${label}-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: name }));
  const remove = async (): Promise<void> => {
    for await (const page of paginateListObjectsV2({ client }, { Bucket: name })) {
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length > 0) {
        await client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects } }));
      }
    }
    await client.send(new DeleteBucketCommand({ Bucket: name }));
  };
  return { client, name, remove };
};

export type { TestBucket };
export { createTestBucket };
