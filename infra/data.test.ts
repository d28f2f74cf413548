import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { bankTable } from '../lib/bank/table-definition.js';
import { synthKarbor } from './test-app.js';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/service-AbC123';

let template: Template;
/** The app with the non-default data options: object lock on, an existing secret. */
let options: Template;
beforeAll(() => {
  template = synthKarbor().template;
  options = synthKarbor({ objectLock: 'true', openstackSecretArn: secretArn }).template;
});

const keyRef = () => ({ 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] });

const blockBucket = () => {
  const [entry] = Object.entries(
    template.findResources('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      },
    }),
  );
  if (entry === undefined) throw new Error('no block bucket');
  return { id: entry[0], properties: (entry[1] as { Properties: Record<string, unknown> }).Properties };
};

describe('data: the Bank table', () => {
  it('is on demand, encrypted with the rotating customer-managed key, with PITR and deletion protection', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyRef() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('has the keys, TTL attribute and indexes of lib/bank/table-definition.ts', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: bankTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: bankTable.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: bankTable.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: bankTable.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });
});

describe('data: the block bucket', () => {
  it('blocks public access and is versioned', () => {
    expect(blockBucket().properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('encrypts with the customer-managed key and S3 bucket keys', () => {
    expect(blockBucket().properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: expect.objectContaining({
              'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'],
            }),
          },
        },
      ],
    });
  });

  it('aborts incomplete multipart uploads, expires noncurrent versions and the delete markers left alone (finding 15)', () => {
    expect(blockBucket().properties.LifecycleConfiguration).toEqual({
      Rules: [
        expect.objectContaining({
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          ExpiredObjectDeleteMarker: true,
        }),
        expect.objectContaining({ Id: 'ExpireMoverJobs' }),
      ],
    });
  });

  it('expires mover jobs (they may hold a token) under <prefix>/jobs/ after two days', () => {
    const rules = (blockBucket().properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] })
      .Rules;
    expect(rules.find((rule) => rule.Id === 'ExpireMoverJobs')).toEqual({
      Id: 'ExpireMoverJobs',
      Status: 'Enabled',
      Prefix: 'karbor/jobs/',
      ExpirationInDays: 2,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });

  it('logs access into the separate access-log bucket', () => {
    expect(blockBucket().properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^DataAccessLogs/) },
      LogFilePrefix: 'blocks/',
    });
  });

  it('denies every request that does not use TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: blockBucket().id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('has no object lock unless asked for', () => {
    expect(blockBucket().properties.ObjectLockEnabled ?? false).toBe(false);
    expect(blockBucket().properties.ObjectLockConfiguration).toBeUndefined();
  });

  it('turns on object lock in governance mode with context objectLock=true', () => {
    options.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
  });
});

describe('data: service credentials', () => {
  it('creates a secret with the service user template when none is given', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
  });

  it('imports the secret given by context instead of creating one', () => {
    options.resourceCountIs('AWS::SecretsManager::Secret', 0);
    options.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ KARBOR_SERVICE_CREDENTIALS_SECRET: secretArn }) },
    });
  });
});
