import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { type ApiUnderTest, fixedProtectables, startApiUnderTest } from '../support/api-under-test.js';
import { type BankFailure, type FaultyDynamoDb, faultyDynamoDb } from '../support/faulty-dynamodb.js';

/**
 * A Bank outage (DynamoDB Local down, or DynamoDB throttling / failing on AWS) answers 503
 * `serviceUnavailable` with `Retry-After`, through the local adapter and through the Lambda
 * handler alike, and the API serves again as soon as the Bank is back.
 */

const project = 'cccccccccccccccccccccccccccccccc';
const member = `carol:${project}`;
const volume = { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: null };
const planBody = {
  plan: { name: 'p', provider_id: blockProvider.id, parameters: {}, resources: [volume] },
};

const outages: readonly [string, BankFailure][] = [
  ['DynamoDB unreachable (closed port)', { kind: 'closed-port' }],
  ...[
    ['ThrottlingException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['RequestLimitExceeded', 400],
    ['ServiceUnavailable', 503],
    ['InternalServerError', 500],
  ].map(([name, code]): [string, BankFailure] => [
    `DynamoDB ${name}`,
    { kind: 'sdk-error', name: name as string, httpStatusCode: code as number },
  ]),
];

const expectOutageFault = (status: number, headers: Headers | Record<string, unknown>, body: unknown) => {
  expect(status).toBe(503);
  const retryAfter = headers instanceof Headers ? headers.get('retry-after') : headers['Retry-After'];
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(body).toEqual({ serviceUnavailable: { code: 503, message: expect.any(String) } });
};

const lambdaEvent = (method: string, path: string, body?: unknown): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    path,
    headers: { 'X-Auth-Token': member, 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'outage-test',
      path,
      authorizer: { userId: 'carol', projectId: project, projectName: '', roles: 'member', isAdmin: 'false' },
    },
  }) as unknown as APIGatewayProxyEvent;

const lambdaContext = { awsRequestId: 'outage-test', functionName: 'plans' } as Context;

describe('a Bank outage', () => {
  let api: ApiUnderTest;
  let dynamo: FaultyDynamoDb;
  beforeAll(async () => {
    dynamo = await faultyDynamoDb();
    api = await startApiUnderTest((tableName) => ({
      protectables: () => fixedProtectables([volume]),
      bank: createBank({ client: dynamo.client, tableName }),
    }));
  });
  afterEach(() => dynamo.fail({ kind: 'none' }));
  afterAll(async () => api.close());

  for (const [what, failure] of outages) {
    it(`answers 503 with Retry-After through the local adapter: ${what}`, async () => {
      dynamo.fail(failure);
      for (const [method, path, body] of [
        ['GET', `/v1/${project}/plans`, undefined],
        ['POST', `/v1/${project}/plans`, planBody],
        ['GET', `/v1/${project}/operation_logs`, undefined],
        ['GET', `/v1/${project}/quotas/${project}`, undefined],
      ] as const) {
        const reply = await api.call(method, path, { token: member, ...(body ? { body } : {}) });
        expectOutageFault(reply.status, reply.headers, reply.body);
      }
    });

    it(`answers 503 with Retry-After from the Lambda handler: ${what}`, async () => {
      const { handler } = await import('../../functions/api/plans.js');
      dynamo.fail(failure);
      const result = await handler(lambdaEvent('GET', `/v1/${project}/plans`), lambdaContext);
      expectOutageFault(result.statusCode, result.headers ?? {}, JSON.parse(result.body));
    });
  }

  it('serves again, with nothing half-written, once the Bank is back', async () => {
    dynamo.fail({ kind: 'closed-port' });
    expect((await api.call('POST', `/v1/${project}/plans`, { token: member, body: planBody })).status).toBe(
      503,
    );
    dynamo.fail({ kind: 'none' });
    const listed = await api.call('GET', `/v1/${project}/plans`, { token: member });
    expect(listed.status).toBe(200);
    const created = await api.call('POST', `/v1/${project}/plans`, { token: member, body: planBody });
    expect(created.status).toBe(200);
    expect(await createBank().quotas.usage(project, 'plans')).toBe(
      (await createBank().plans.list(project)).length,
    );
  });
});
