import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Route, routes } from '../lib/karbor/routes.js';
import { stageName } from './api.js';
import { bundledPackages } from './karbor-function.js';
import { synthKarbor } from './test-app.js';

/**
 * Finding 1 of issue 14: every Lambda asset of the synthesized template (bundled as `cdk
 * synth` bundles it) is copied alone into an empty directory, imported by a child node with
 * a bare environment (the function's Environment from the template, plus what the Lambda
 * runtime sets), and its handler invoked with a minimal event of its kind. AWS and Keystone
 * endpoints point at a closed loopback port, so a handler that calls out fails fast with its
 * own error instead of reaching a network.
 */

const run = promisify(execFile);
/** Nothing listens on the discard port; connections are refused at once. */
const closed = 'http://127.0.0.1:9';

interface LambdaFunction {
  readonly id: string;
  readonly description: string;
  readonly runtime: string;
  readonly handler: string;
  readonly asset: string;
  readonly environment: Record<string, string>;
}

type Kind = 'api' | 'authorizer' | 'task' | 'execution-event' | 'other';

const kindOf = (description: string): Kind => {
  if (description.startsWith('Karbor API: ')) return 'api';
  if (description === 'Karbor Keystone token authorizer') return 'authorizer';
  if (description.startsWith('Karbor workflow task ')) return 'task';
  if (/execution/i.test(description) && description.startsWith('Karbor')) return 'execution-event';
  return 'other';
};

/** A CloudFormation value with references replaced by plausible text of their kind. */
const plausible = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  if (text.includes('Fn::Join')) {
    const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map(plausible).join(separator);
  }
  if (text.includes('AWS::Partition')) return 'aws';
  if (text.includes('AWS::Region')) return 'eu-west-1';
  if (text.includes('AWS::AccountId')) return '123456789012';
  if (/Arn|StateMachine/.test(text))
    return `arn:aws:states:eu-west-1:123456789012:stateMachine:${text.replace(/\W/g, '')}`;
  return `resolved-${text.replace(/\W/g, '').slice(0, 40)}`;
};

/** What the Lambda runtime sets (docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime). */
const runtimeEnvironment = (fn: LambdaFunction, taskRoot: string): Record<string, string> => ({
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: fn.id,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.id}`,
  AWS_LAMBDA_LOG_STREAM_NAME: 'test',
  AWS_ACCESS_KEY_ID: 'ASIATESTTESTTESTTEST',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: 'test',
  LAMBDA_TASK_ROOT: taskRoot,
  LAMBDA_RUNTIME_DIR: '/var/runtime',
  LANG: 'en_US.UTF-8',
  TZ: ':UTC',
  PATH: '/usr/local/bin:/usr/bin/:/bin',
});

const context = (fn: LambdaFunction) => ({
  functionName: fn.id,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${fn.id}`,
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: `/aws/lambda/${fn.id}`,
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: true,
});

const project = '0123456789abcdef0123456789abcdef';
const concretePath = (route: Route): string =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'project_id' || name === 'tenant_id' ? project : '11111111-2222-3333-4444-555555555555',
  );

const apiEvent = (route: Route) => {
  const path = concretePath(route);
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers: { Host: 'api.example', 'X-Auth-Token': 'a-token' },
    multiValueHeaders: { Host: ['api.example'], 'X-Auth-Token': ['a-token'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      stage: stageName,
      path: `/${stageName}${path}`,
      httpMethod: route.method,
      authorizer: { userId: 'u1', projectId: project, projectName: 'p', roles: 'member', isAdmin: 'false' },
    },
  };
};

const eventFor = (fn: LambdaFunction): unknown => {
  switch (kindOf(fn.description)) {
    case 'api': {
      const group = fn.description.replace('Karbor API: ', '');
      const route =
        routes.find((r) => r.group === group && r.method === 'GET') ?? routes.find((r) => r.group === group);
      return apiEvent(route as Route);
    }
    case 'authorizer':
      return {
        type: 'REQUEST',
        methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/api/GET/v1/p/plans',
        resource: '/v1/{project_id}/plans',
        path: '/v1/p/plans',
        httpMethod: 'GET',
        headers: { Host: 'api.example' },
        requestContext: { requestId: 'req-1', stage: stageName },
      };
    case 'execution-event':
      return {
        version: '0',
        id: 'ev-1',
        'detail-type': 'Step Functions Execution Status Change',
        source: 'aws.states',
        account: '123456789012',
        time: '2026-12-06T00:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: {
          executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:Karbor-protect:x',
          stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:Karbor-protect',
          name: 'x',
          status: 'SUCCEEDED',
          input: '{}',
        },
      };
    default:
      // a Step Functions task's input: the minimal object; handlers answer with their own error
      return {};
  }
};

interface Outcome {
  readonly loaded: boolean;
  readonly value?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string };
}

/**
 * Imports the handler's module and invokes it (or, for CDK's own handlers, checks that the
 * handler is a function) in a child with exactly `env`; prints the outcome.
 */
const runner = `
const [file, name, event, context, invoke] = process.argv.slice(2);
const print = (outcome) => process.stdout.write('\\n@@' + JSON.stringify(outcome) + '\\n', () => process.exit(0));
const failure = (error, loaded) => ({ loaded, error: { name: error?.name, message: String(error?.message).slice(0, 500), code: error?.code } });
let module;
try { module = await import(file); } catch (error) { print(failure(error, false)); }
if (module && invoke !== 'invoke') print({ loaded: typeof (module[name] ?? module.default?.[name]) === 'function' });
else if (module) {
  try { print({ loaded: true, value: await module[name](JSON.parse(event), { ...JSON.parse(context), getRemainingTimeInMillis: () => 30000 }) ?? null }); }
  catch (error) { print(failure(error, true)); }
}
`;

const loadError =
  /Cannot find (module|package)|Dynamic require|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|is not defined/;

let functions: LambdaFunction[];
let work: string;

beforeAll(async () => {
  const { app, template } = synthKarbor({}, {}, true);
  const { directory } = app.synth();
  functions = Object.entries(template.findResources('AWS::Lambda::Function')).flatMap(([id, resource]) => {
    const { Properties } = resource as {
      Properties: {
        Runtime?: string;
        Handler?: string;
        Description?: string;
        Code: { S3Key?: unknown };
        Environment?: { Variables?: Record<string, unknown> };
      };
    };
    const key = Properties.Code.S3Key;
    if (typeof key !== 'string' || !Properties.Runtime?.startsWith('nodejs')) return [];
    return [
      {
        id,
        description: Properties.Description ?? '',
        runtime: Properties.Runtime,
        handler: Properties.Handler ?? 'index.handler',
        asset: join(directory, `asset.${key.replace(/\.zip$/, '')}`),
        environment: Object.fromEntries(
          Object.entries(Properties.Environment?.Variables ?? {}).map(([name, value]) => [
            name,
            plausible(value),
          ]),
        ),
      },
    ];
  });
  work = await mkdtemp(join(tmpdir(), 'karbor-lambda-assets-'));
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const invoke = async (fn: LambdaFunction): Promise<Outcome> => {
  const root = join(work, fn.id);
  await cp(fn.asset, root, { recursive: true });
  await writeFile(join(work, `${fn.id}.runner.mjs`), runner);
  const [file, name = 'handler'] = fn.handler.split('.');
  const moduleFile = (await readdir(root)).find((entry) => entry === `${file}.mjs` || entry === `${file}.js`);
  const env = {
    ...runtimeEnvironment(fn, root),
    ...fn.environment,
    // no network: AWS SDK clients and Keystone get a closed loopback port
    ...(fn.environment.OS_AUTH_URL ? { OS_AUTH_URL: `${closed}/v3` } : {}),
    AWS_ENDPOINT_URL: closed,
    AWS_MAX_ATTEMPTS: '1',
  };
  const { stdout, stderr } = await run(
    process.execPath,
    [
      join(work, `${fn.id}.runner.mjs`),
      join(root, moduleFile ?? `${file}.mjs`),
      name,
      JSON.stringify(eventFor(fn)),
      JSON.stringify(context(fn)),
      // CDK's own handlers (custom resource providers) answer CloudFormation: imported only
      kindOf(fn.description) === 'other' ? 'import' : 'invoke',
    ],
    { cwd: root, env, timeout: 60_000, maxBuffer: 16 << 20 },
  ).catch((error: { stdout?: string; stderr?: string; message: string }) => ({
    stdout: error.stdout ?? '',
    stderr: `${error.message}\n${error.stderr ?? ''}`,
  }));
  const line = stdout.split('\n').find((l) => l.startsWith('@@'));
  if (line === undefined) {
    return {
      loaded: false,
      error: { name: 'NoOutcome', message: `${stdout.slice(-1000)}\n${stderr.slice(-2000)}` },
    };
  }
  return JSON.parse(line.slice(2)) as Outcome;
};

/** 'ok' when the outcome is the kind of answer a function of this kind gives, else what it was. */
const answerOf = (fn: LambdaFunction, outcome: Outcome): string => {
  const error = outcome.error;
  if (!outcome.loaded || loadError.test(`${error?.message} ${error?.code}`)) {
    return `did not load: ${error?.name} ${error?.code ?? ''} ${error?.message}`;
  }
  switch (kindOf(fn.description)) {
    case 'api': {
      // a Karbor answer: a status code and a JSON body; a fault names its own code
      const response = outcome.value as { statusCode?: unknown; body?: string } | null;
      if (typeof response?.statusCode !== 'number') return `no API response: ${JSON.stringify(outcome)}`;
      if (response.statusCode < 400) return 'ok';
      const body = JSON.parse(response.body ?? 'null') as Record<string, { code?: number }> | null;
      const fault = Object.values(body ?? {})[0];
      return fault?.code === response.statusCode ? 'ok' : `not a Karbor fault: ${response.body}`;
    }
    case 'authorizer':
      // no token: the error that makes API Gateway answer 401
      return error?.message === 'Unauthorized' ? 'ok' : `not a 401: ${JSON.stringify(outcome)}`;
    case 'execution-event':
      // a succeeded execution needs no repair
      return error === undefined && outcome.value === null ? 'ok' : `not nothing: ${JSON.stringify(outcome)}`;
    case 'task':
      // a task's output, or an error with the name Step Functions' Retry and Catch match on
      return error === undefined || (error.name !== '' && error.name !== undefined)
        ? 'ok'
        : `no answer: ${JSON.stringify(outcome)}`;
    default:
      return 'ok';
  }
};

describe('every synthesized Lambda bundle, alone in an empty directory (finding 1)', () => {
  it('has the Karbor functions of every kind', () => {
    const kinds = functions.map((fn) => kindOf(fn.description));
    for (const kind of ['api', 'authorizer', 'task', 'execution-event'] as const) {
      expect(kinds, kind).toContain(kind);
    }
    expect(functions.filter((fn) => kindOf(fn.description) === 'task').length).toBeGreaterThanOrEqual(13);
  });

  it('ships the packages its bundle requires at run time beside index.mjs', () => {
    for (const fn of functions.filter((f) => kindOf(f.description) !== 'other')) {
      for (const name of bundledPackages) {
        expect(existsSync(join(fn.asset, 'node_modules', name, 'package.json')), `${fn.id}: ${name}`).toBe(
          true,
        );
      }
    }
  });

  it('loads with a bare environment and answers a minimal event of its kind without a module error', async () => {
    const answers: string[] = [];
    for (const fn of functions) {
      answers.push(`${fn.id} (${fn.description}): ${answerOf(fn, await invoke(fn))}`);
    }
    expect(answers.filter((answer) => !answer.endsWith(': ok'))).toEqual([]);
  }, 600_000);
});
