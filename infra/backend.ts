import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { envNames } from '../lib/config/env-names.js';
import type { OpenstackInterface } from './config.js';
import { acknowledge, wildcardAction, wildcardResource } from './nag.js';

/** What every compute tier (API, tasks, mover) is given: the Bank, the blocks and OpenStack. */
export interface Backend {
  readonly table: ITable;
  readonly blockBucket: IBucket;
  /** Key prefix of Karbor's objects in the block bucket, without slashes at the ends. */
  readonly blockPrefix: string;
  readonly serviceCredentials: ISecret;
  readonly openstack: {
    readonly authUrl: string;
    readonly region: string;
    readonly interface: OpenstackInterface;
  };
  /** Who is a cloud admin (lib/auth/admin-scope.ts). */
  readonly adminScope: { readonly mode: string; readonly project: string };
}

/** The variables every function and the mover get (lib/config/env-names.ts). */
export const backendEnvironment = (backend: Backend): Record<string, string> => ({
  [envNames.tableName]: backend.table.tableName,
  [envNames.blockStore]: `s3://${backend.blockBucket.bucketName}/${backend.blockPrefix}`,
  [envNames.auth]: 'keystone',
  [envNames.serviceCredentialsSecret]: backend.serviceCredentials.secretArn,
  [envNames.osAuthUrl]: backend.openstack.authUrl,
  [envNames.osRegionName]: backend.openstack.region,
  [envNames.osInterface]: backend.openstack.interface,
  [envNames.adminScope]: backend.adminScope.mode,
  [envNames.adminProject]: backend.adminScope.project,
});

/** A principal that is also the construct owning its policy, so findings can be acknowledged on it. */
export type Grantee = IGrantable & IConstruct;

const keyWildcards = [wildcardAction('kms:GenerateDataKey*'), wildcardAction('kms:ReEncrypt*')];

/** Bank read/write, including its indexes and its key. */
export const grantBank = (table: ITable, grantee: Grantee): void => {
  table.grantReadWriteData(grantee);
  acknowledge(
    grantee,
    'Table.grantReadWriteData: the Bank’s GSIs (index/*) and the data-key actions of its customer-managed key.',
    wildcardResource(grantee, `${table.tableArn}/index/*`),
    ...keyWildcards,
  );
};

/**
 * What the mover may do in the Bank: set the `progress` attribute of an item (its resource
 * run; lib/blocks/dynamodb-progress-sink.ts), nothing else. DynamoDB checks the attribute
 * names an UpdateItem touches, the key included, against `dynamodb:Attributes`.
 */
export const grantBankProgress = (table: ITable, grantee: Grantee): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'progress'] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    }),
  );
  table.encryptionKey?.grantEncryptDecrypt(grantee);
  acknowledge(
    grantee,
    'The Bank key’s data-key actions for UpdateItem on the encrypted table.',
    ...keyWildcards,
  );
};

/** Bank read/write plus the service credentials. */
export const grantBankAndCredentials = (backend: Backend, grantee: Grantee): void => {
  grantBank(backend.table, grantee);
  backend.serviceCredentials.grantRead(grantee);
};

/** Read, write and delete under `<prefix>/projects/*` (and the bucket's key); list on the bucket. */
export const grantProjectObjects = (backend: Backend, grantee: Grantee): void => {
  const objects = `${backend.blockPrefix}/projects/*`;
  backend.blockBucket.grantReadWrite(grantee, objects);
  backend.blockBucket.grantDelete(grantee, objects);
  acknowledge(
    grantee,
    'Bucket.grantReadWrite/grantDelete limited to the projects/ prefix: object read/write/delete (incl. multipart abort), list on the bucket, and the bucket key’s data-key actions.',
    wildcardResource(grantee, backend.blockBucket.arnForObjects(objects)),
    ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(wildcardAction),
    ...keyWildcards,
  );
};

/**
 * Mover jobs under `<prefix>/jobs/*` (lib/blocks/key-layout.ts jobKey): task functions write
 * and delete them, the mover reads and deletes the one it runs.
 */
export const grantMoverJobs = (backend: Backend, grantee: Grantee, access: 'write' | 'run'): void => {
  const jobs = `${backend.blockPrefix}/jobs/*`;
  if (access === 'write') {
    backend.blockBucket.grantReadWrite(grantee, jobs);
    backend.blockBucket.grantDelete(grantee, jobs);
  } else {
    backend.blockBucket.grantRead(grantee, jobs);
    backend.blockBucket.grantDelete(grantee, jobs);
  }
  acknowledge(
    grantee,
    'Mover jobs are named per run at run time; access is limited to the jobs/ prefix (and the bucket key’s data-key actions).',
    wildcardResource(grantee, backend.blockBucket.arnForObjects(jobs)),
  );
};
