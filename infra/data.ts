import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectLockRetention,
} from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { bankTable } from '../lib/bank/table-definition.js';
import { AccessLogBucket } from './access-log-bucket.js';
import { acknowledge } from './nag.js';

export interface DataProps {
  /**
   * Turn on S3 Object Lock (governance mode, `lockRetention` days) on the block bucket. Object
   * Lock can only be chosen when the bucket is created.
   * @default false
   */
  readonly objectLock?: boolean;
  /** @default Duration.days(30) - also how long noncurrent block versions are kept */
  readonly lockRetention?: Duration;
  /**
   * Complete ARN of an existing secret holding the Karbor service user's Keystone credentials.
   * @default - a new secret with a generated password, to be set to the Keystone user's
   */
  readonly serviceCredentialsSecretArn?: string;
  /**
   * Key prefix of Karbor's objects in the block bucket (no slashes at the ends): mover jobs
   * under `<prefix>/jobs/` that a crashed run left behind expire after two days.
   * @default - objects at the bucket's root, jobs under `jobs/`
   */
  readonly blockPrefix?: string;
}

const string = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The stateful tier: one customer-managed KMS key, the Bank table, the block bucket, its
 * access-log bucket and the service credentials. Everything here is retained on stack deletion.
 */
export class Data extends Construct {
  readonly key: IKey;
  readonly table: ITable;
  readonly blockBucket: IBucket;
  readonly serviceCredentials: ISecret;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    const retention = props.lockRetention ?? Duration.days(30);

    const key = new Key(this, 'Key', {
      description: 'Karbor bank, blocks and service credentials',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const table = new Table(this, 'Bank', {
      partitionKey: string(bankTable.partitionKey),
      sortKey: string(bankTable.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: bankTable.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of bankTable.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
      });
    }

    const accessLogs = new AccessLogBucket(this, 'AccessLogs');

    const blockBucket = new Bucket(this, 'Blocks', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: props.objectLock ?? false,
      objectLockDefaultRetention: props.objectLock ? ObjectLockRetention.governance(retention) : undefined,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'blocks/',
      lifecycleRules: [
        {
          id: 'Blocks',
          abortIncompleteMultipartUploadAfter: Duration.days(3),
          noncurrentVersionExpiration: retention,
          // gc and checkpoint delete leave a delete marker per key; once the versions behind it
          // have expired it is alone, and every ListObjectsV2 over the prefix has to skip it
          expiredObjectDeleteMarker: true,
        },
        {
          id: 'ExpireMoverJobs',
          prefix: props.blockPrefix ? `${props.blockPrefix}/jobs/` : 'jobs/',
          expiration: Duration.days(2),
          // a job may carry a short-lived token: its deleted versions go after a day too
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const serviceCredentials =
      props.serviceCredentialsSecretArn === undefined
        ? new Secret(this, 'ServiceCredentials', {
            description: 'Keystone credentials of the Karbor service user',
            encryptionKey: key,
            generateSecretString: {
              secretStringTemplate: JSON.stringify({
                username: 'karbor',
                user_domain_name: 'Default',
                project_name: 'service',
                project_domain_name: 'Default',
              }),
              generateStringKey: 'password',
              excludePunctuation: true,
            },
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : Secret.fromSecretCompleteArn(this, 'ServiceCredentials', props.serviceCredentialsSecretArn);
    if (serviceCredentials instanceof Secret) {
      acknowledge(
        serviceCredentials,
        'The password belongs to a Keystone user; it is rotated in Keystone, then stored here.',
        'AwsSolutions-SMG4',
      );
    }

    this.key = key;
    this.table = table;
    this.blockBucket = blockBucket;
    this.serviceCredentials = serviceCredentials;
  }
}
