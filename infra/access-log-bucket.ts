import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export interface AccessLogBucketProps {
  /**
   * Keep ACLs usable, as CloudFront standard logging requires.
   * @default false - bucket owner enforced; S3 server access logs arrive through the bucket policy
   */
  readonly aclDelivery?: boolean;
  /** @default Duration.days(365) */
  readonly retention?: Duration;
}

/** A private, TLS-only, SSE-S3 bucket that receives access logs and expires them; retained on delete. */
export class AccessLogBucket extends Bucket {
  constructor(scope: Construct, id: string, props: AccessLogBucketProps = {}) {
    super(scope, id, {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: props.aclDelivery
        ? ObjectOwnership.BUCKET_OWNER_PREFERRED
        : ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.retention ?? Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this,
      'This is an access-log destination; logging it into itself would loop.',
      'AwsSolutions-S1',
    );
  }
}
