import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createKeystoneValidator } from '../../../lib/auth/keystone-validator.js';
import { CachingTokenValidator } from '../../../lib/auth/token-validator.js';
import { openStackProtectables } from '../../../lib/karbor/openstack-protectables.js';
import { loadCloudConfig } from '../../../lib/openstack/config/cloud-config.js';
import type { OperationScheduler } from '../../../lib/workflows/operation-scheduler.js';
import type { Orchestrator } from '../../../lib/workflows/orchestrator.js';
import { type ApiUnderTest, startApiUnderTest } from '../../support/api-under-test.js';
import { createTestBucket, type TestBucket } from '../../support/s3-bucket.js';
import { SynthesizedStack } from './synthesized-stack.js';

/**
 * The API (keystone mode, the test cloud's users) in front of the synthesized stack: the API
 * stores its records in a fresh DynamoDB Local table and starts executions of the stack, whose
 * bundles use that table, a fresh moto bucket and a Secrets Manager secret holding the karbor
 * service user, as a deployment's would.
 */

export interface Tenant {
  readonly token: string;
  readonly project: string;
}

export interface AwsWorld {
  readonly api: ApiUnderTest;
  readonly stack: SynthesizedStack;
  readonly bucket: TestBucket;
  call(who: Tenant, method: string, path: string, body?: unknown): ReturnType<ApiUnderTest['call']>;
  close(): Promise<void>;
}

const noScheduler: OperationScheduler = {
  arm: async () => undefined,
  occurrenceFired: async () => undefined,
  disarm: async () => undefined,
};

const requiredEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this file through \`vitest --project aws-runtime\``);
  return value;
};

/** The service credentials secret, in the shape infra/ documents (lib/auth/keystone-validator.ts). */
const serviceCredentialsSecret = async (): Promise<string> => {
  const karbor = loadCloudConfig('karbor');
  const auth = karbor.auth as { username?: string; password?: string };
  const scope = karbor.scope as { projectName?: string };
  const client = new SecretsManagerClient({});
  const created = await client.send(
    new CreateSecretCommand({
      Name: `karbor-service-${randomUUID()}`,
      SecretString: JSON.stringify({
        auth_url: karbor.authUrl,
        username: auth.username,
        password: auth.password,
        project_name: scope.projectName,
        user_domain_name: 'Default',
        project_domain_name: 'Default',
      }),
    }),
  );
  client.destroy();
  return created.ARN as string;
};

/** What the task role and Fargate hand a container: credentials and region (and the emulators). */
const platformEnv = (): Record<string, string> =>
  Object.fromEntries(
    [
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_DYNAMODB',
    ].flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
  );

export const startAwsWorld = async (
  options: { waitTimeOverrides?: Readonly<Record<string, number>> } = {},
): Promise<AwsWorld> => {
  process.env.OS_CLOUD = 'karbor';
  process.env.KARBOR_AUTH = 'keystone';
  const bucket = await createTestBucket('karbor-blocks');
  const secretArn = await serviceCredentialsSecret();
  let stack: SynthesizedStack | undefined;
  const orchestrator: Orchestrator = {
    start: (workflow, name, input) => (stack as SynthesizedStack).start(workflow, name, input),
  };
  process.env.KARBOR_BLOCK_STORE = `s3://${bucket.name}/karbor`;
  const api = await startApiUnderTest(
    { protectables: openStackProtectables('keystone'), scheduler: noScheduler, orchestrator },
    new CachingTokenValidator(createKeystoneValidator()),
  );
  stack = new SynthesizedStack({
    app: {
      assembly: requiredEnv('KARBOR_AWS_RUNTIME_ASSEMBLY'),
      moverApp: requiredEnv('KARBOR_AWS_RUNTIME_MOVER_APP'),
    },
    resources: { table: requiredEnv('KARBOR_TABLE_NAME'), bucket: bucket.name, secretArn },
    // -c openstackAuthUrl=…: the deployment's Keystone is the test cloud's
    settings: { OS_AUTH_URL: loadCloudConfig('karbor').authUrl },
    platformEnv: platformEnv(),
    waitTimeOverrides: options.waitTimeOverrides,
  });
  return {
    api,
    stack,
    bucket,
    call: (who, method, path, body) =>
      api.call(method, `/v1/${who.project}${path}`, {
        token: who.token,
        ...(body === undefined ? {} : { body }),
      }),
    close: async () => {
      await api.close();
      await bucket.remove().catch(() => undefined);
    },
  };
};
