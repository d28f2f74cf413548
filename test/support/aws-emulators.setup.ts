import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local.js';
import { startMoto } from '../../local/emulators/moto.js';
import { stopAllProcesses } from '../../local/processes.js';

/**
 * Global setup of the integration tier: emulated AWS behind the standard endpoint settings.
 *
 * - `AWS_ENDPOINT_URL` already set (LocalStack, or a moto you run yourself): used as it is,
 *   for every service unless `AWS_ENDPOINT_URL_DYNAMODB` says otherwise.
 * - `KARBOR_TEST_REAL_AWS=1`: nothing is started; the SDK's normal credential chain is used.
 * - otherwise: moto_server (S3, Secrets Manager, STS, Step Functions API) and DynamoDB Local
 *   are started on free loopback ports and stopped afterwards.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.KARBOR_TEST_REAL_AWS === '1' || process.env.AWS_ENDPOINT_URL) return async () => {};
  const [moto, dynamo] = await Promise.all([startMoto(), startDynamoDbLocal()]);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    // suites skip what moto does not emulate faithfully (see lib/bank/bank-conformance.ts)
    KARBOR_TEST_AWS_EMULATOR: 'moto',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  });
  return stopAllProcesses;
}
