import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGroups, routes } from '../lib/karbor/routes.js';
import { stageName } from './api.js';
import { resourcePaths, synthKarbor } from './test-app.js';

interface MethodProperties {
  HttpMethod: string;
  ResourceId: { Ref?: string; 'Fn::GetAtt'?: unknown };
  AuthorizationType: string;
  AuthorizerId?: { Ref: string };
  Integration: { Uri: { 'Fn::Join': [string, unknown[]] } };
}

let template: Template;
let methods: Map<string, MethodProperties>;
let functionOfGroup: Map<string, string>;

beforeAll(() => {
  template = synthKarbor({ apiThrottleRate: '7', apiThrottleBurst: '9' }).template;
  const paths = resourcePaths(template);
  methods = new Map(
    Object.values(template.findResources('AWS::ApiGateway::Method')).map((resource) => {
      const properties = (resource as { Properties: MethodProperties }).Properties;
      const id = properties.ResourceId.Ref;
      return [`${properties.HttpMethod} ${id === undefined ? '/' : paths.get(id)}`, properties];
    }),
  );
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('^Karbor API: ') },
  });
  functionOfGroup = new Map(
    Object.entries(functions).map(([id, fn]) => [
      (fn as { Properties: { Description: string } }).Properties.Description.replace('Karbor API: ', ''),
      id,
    ]),
  );
});

const integratedFunction = (method: MethodProperties): string => {
  const target = JSON.stringify(method.Integration.Uri);
  return [...functionOfGroup.entries()].find(([, id]) => target.includes(`"${id}"`))?.[0] ?? 'none';
};

describe('api: routes', () => {
  it('has one method per route of lib/karbor/routes.ts, integrated with its group function', () => {
    for (const route of routes) {
      const method = methods.get(`${route.method} ${route.path}`);
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      expect(integratedFunction(method as MethodProperties)).toBe(route.group);
    }
  });

  it('has one function per api group', () => {
    expect([...functionOfGroup.keys()].sort()).toEqual([...apiGroups].sort());
  });

  it('attaches the Keystone authorizer to every authenticated route', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGateway::Authorizer'));
    for (const route of routes.filter((r) => r.authenticated)) {
      expect(methods.get(`${route.method} ${route.path}`), `${route.method} ${route.path}`).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('leaves the versions routes and the catch-all without authorizer', () => {
    const open = [
      ...routes.filter((r) => !r.authenticated).map((r) => `${r.method} ${r.path}`),
      'ANY /{proxy+}',
      'ANY /',
    ];
    expect(open).toEqual(expect.arrayContaining(['GET /', 'GET /v1']));
    for (const key of open) {
      const method = methods.get(key) as MethodProperties;
      expect(method, key).toBeDefined();
      expect(method.AuthorizationType, key).toBe('NONE');
      expect(method.AuthorizerId, key).toBeUndefined();
    }
  });

  it('sends unknown paths to the versions function', () => {
    expect(integratedFunction(methods.get('ANY /{proxy+}') as MethodProperties)).toBe('versions');
    expect(integratedFunction(methods.get('ANY /') as MethodProperties)).toBe('versions');
  });

  it('caches no decision in API Gateway, so a token works no longer than it is valid (finding 11)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('calls the authorizer for X-Auth-Token and for X-Storage-Token alike (finding 17)', () => {
    const authorizer = Object.values(template.findResources('AWS::ApiGateway::Authorizer'))[0] as {
      Properties: { IdentitySource?: string };
    };
    // API Gateway answers 401 without calling a REQUEST authorizer when any of its identity
    // sources is missing or empty
    const gatewayCallsAuthorizer = (headers: Record<string, string>): boolean =>
      (authorizer.Properties.IdentitySource ?? '')
        .split(',')
        .filter((source) => source !== '')
        .every((source) => {
          const header = source
            .trim()
            .replace(/^method\.request\.header\./i, '')
            .toLowerCase();
          return Object.entries(headers).some(
            ([name, value]) => name.toLowerCase() === header && value !== '',
          );
        });
    expect(gatewayCallsAuthorizer({ 'X-Auth-Token': 'gAAAA-token' })).toBe(true);
    expect(gatewayCallsAuthorizer({ 'X-Storage-Token': 'gAAAA-token' })).toBe(true);
    expect(gatewayCallsAuthorizer({ 'x-storage-token': 'gAAAA-token' })).toBe(true);
  });
});

describe('api: stage', () => {
  it(`is named "${stageName}", throttled stage-wide as configured and writes JSON access logs`, () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: stageName,
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('^\\{.*"requestId":"\\$context.requestId".*\\}$'),
      },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 7,
          ThrottlingBurstLimit: 9,
          DataTraceEnabled: false,
        }),
      ]),
    });
  });

  it('writes the access logs into the API access log group', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    expect(JSON.stringify(stage)).toMatch(/"ApiAccessLogs[0-9A-F]+"/);
  });

  it('outputs the endpoint to register in Keystone, under the stage', () => {
    const outputs = template.findOutputs('*', {
      Description: 'Register as the data-protect endpoint in Keystone',
    });
    const value = JSON.stringify(Object.values(outputs)[0]?.Value);
    const [stage] = Object.keys(
      template.findResources('AWS::ApiGateway::Stage', { Properties: { StageName: stageName } }),
    );
    expect(value).toContain(`"/",{"Ref":"${stage}"},"/v1/%(project_id)s"`);
    expect(value).toMatch(/v1\/%\(project_id\)s"\]\]\}$/);
  });
});

describe('api: gateway responses', () => {
  it.each([
    ['UNAUTHORIZED', '401', 'unauthorized'],
    ['ACCESS_DENIED', '403', 'forbidden'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'itemNotFound'],
    ['THROTTLED', '429', 'overLimit'],
    ['DEFAULT_4XX', '400', 'badRequest'],
    ['INTEGRATION_TIMEOUT', '504', 'computeFault'],
    ['DEFAULT_5XX', '500', 'computeFault'],
  ])('renders %s as a Karbor %s fault (%s)', (type, status, fault) => {
    const responses = template.findResources('AWS::ApiGateway::GatewayResponse', {
      Properties: { ResponseType: type },
    });
    const [response] = Object.values(responses) as {
      Properties: { StatusCode: string; ResponseTemplates: Record<string, string> };
    }[];
    expect(response?.Properties.StatusCode).toBe(status);
    const body = (response?.Properties.ResponseTemplates['application/json'] ?? '').replace(
      '$context.error.messageString',
      '"a message"',
    );
    expect(JSON.parse(body)).toEqual({ [fault]: { code: Number(status), message: expect.any(String) } });
  });
});

describe('api: functions', () => {
  it('run nodejs22.x on arm64 with active tracing', () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Karbor') },
      }),
    ) as { Properties: Record<string, unknown> }[];
    expect(functions.length).toBeGreaterThanOrEqual(apiGroups.length + 1);
    for (const { Properties } of functions) {
      expect(Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('give the plans function the documented environment', () => {
    const plans = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: 'Karbor API: plans' },
    });
    const variables = (
      Object.values(plans)[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } }
    ).Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'KARBOR_TABLE_NAME',
        'KARBOR_BLOCK_STORE',
        'KARBOR_AUTH',
        'KARBOR_SERVICE_CREDENTIALS_SECRET',
        'OS_AUTH_URL',
        'OS_REGION_NAME',
        'OS_INTERFACE',
        'KARBOR_SCHEDULE_GROUP',
        'KARBOR_SCHEDULER_ROLE_ARN',
      ]),
    );
    expect(variables).toMatchObject({
      KARBOR_AUTH: 'keystone',
      OS_INTERFACE: 'public',
      OS_REGION_NAME: 'RegionOne',
      KARBOR_ADMIN_SCOPE: 'scoped',
      KARBOR_ADMIN_PROJECT: 'admin',
    });
    expect(JSON.stringify(variables.KARBOR_BLOCK_STORE)).toMatch(/s3:\/\/.*\/karbor"/);
  });

  it('give the versions function no access to the Bank', () => {
    const versions = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: 'Karbor API: versions' },
    });
    const role = (Object.values(versions)[0] as { Properties: { Role: { 'Fn::GetAtt': [string] } } })
      .Properties.Role['Fn::GetAtt'][0];
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
    expect(JSON.stringify(policies)).not.toMatch(/dynamodb|secretsmanager/);
  });
});
