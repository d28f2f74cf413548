import { join } from 'node:path';
import { CfnOutput, Duration } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  type CfnAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { envNames, stateMachineArnEnvName } from '../lib/config/env-names.js';
import { type ApiGroup, apiGroups, routes } from '../lib/karbor/routes.js';
import { acknowledgeApi } from './api-acknowledgements.js';
import { type Backend, backendEnvironment, grantBankAndCredentials } from './backend.js';
import { constructIdOf } from './construct-id.js';
import { KarborFunction } from './karbor-function.js';
import { addKarborGatewayResponses } from './karbor-gateway-responses.js';
import type { Scheduling } from './scheduling.js';

/**
 * The stage name. Our route paths already start with `/v1`, so the public URL of a route is
 * `https://<api-id>.execute-api.<region>.amazonaws.com/api/v1/<project>/plans`.
 */
export const stageName = 'api';

export interface ApiProps {
  readonly backend: Backend;
  /** By workflow name; their ARNs go to every API function, start rights to `workflowStarters`. */
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  readonly scheduling: Scheduling;
  /** The repository root, where `functions/` lives. */
  readonly repoRoot: string;
  /** Stage-wide steady-state requests per second. */
  readonly throttleRate: number;
  /** Stage-wide burst. */
  readonly throttleBurst: number;
}

/** Groups that start workflows (protect, delete, restore, verify). */
const workflowStarters: readonly ApiGroup[] = ['checkpoints', 'restores', 'verifications'];
/** Groups that create, change and delete schedules. */
const scheduleManagers: readonly ApiGroup[] = ['scheduled-operations', 'triggers'];

/**
 * The Karbor v1 REST API: one resource per route of lib/karbor/routes.ts, one Lambda per group,
 * the Keystone REQUEST authorizer on every authenticated route, and a catch-all that sends
 * every other path to the versions function (versions document or Karbor 404 fault).
 */
export class Api extends Construct {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const environment = {
      ...backendEnvironment(props.backend),
      [envNames.scheduleGroup]: props.scheduling.group.scheduleGroupName,
      [envNames.schedulerRoleArn]: props.scheduling.role.roleArn,
      ...Object.fromEntries(
        [...props.stateMachines].map(([name, machine]) => [
          stateMachineArnEnvName(name),
          machine.stateMachineArn,
        ]),
      ),
    };

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    const api = new RestApi(this, 'Api', {
      description: 'Karbor v1 data protection API',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName,
        throttlingRateLimit: props.throttleRate,
        throttlingBurstLimit: props.throttleBurst,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        metricsEnabled: true,
      },
    });
    addKarborGatewayResponses(api);

    const authorizerFunction = new KarborFunction(this, 'Authorizer', {
      entry: join(props.repoRoot, 'functions', 'auth', 'authorizer.ts'),
      description: 'Karbor Keystone token authorizer',
      environment: backendEnvironment(props.backend),
      timeout: Duration.seconds(10),
    });
    grantBankAndCredentials(props.backend, authorizerFunction);
    // No gateway cache (docs/deploy.md, "Token caching"): API Gateway would keep an Allow for
    // its whole TTL, past the token's expiry; the authorizer's own cache ends at the token's
    // expiresAt (lib/auth/token-validator.ts). Without a cache no identity source is needed,
    // so API Gateway calls the authorizer for every request, with X-Auth-Token or
    // X-Storage-Token (lib/auth/authorize.ts tokenFromHeaders) or neither (401 there).
    const authorizer = new RequestAuthorizer(this, 'KeystoneAuthorizer', {
      handler: authorizerFunction,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    (authorizer.node.defaultChild as CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');

    const integrations = new Map<ApiGroup, LambdaIntegration>();
    for (const group of apiGroups) {
      const fn = this.#groupFunction(group, props, environment);
      integrations.set(group, new LambdaIntegration(fn, { scopePermissionToMethod: false }));
    }
    const integrationOf = (group: ApiGroup) => integrations.get(group) as LambdaIntegration;

    const publicMethods: Method[] = [];
    for (const route of routes) {
      const resource = route.path === '/' ? api.root : api.root.resourceForPath(route.path);
      const method = resource.addMethod(
        route.method,
        integrationOf(route.group),
        route.authenticated
          ? { authorizer, authorizationType: AuthorizationType.CUSTOM }
          : { authorizationType: AuthorizationType.NONE },
      );
      if (!route.authenticated) publicMethods.push(method);
    }
    // A proxy under the root also puts its ANY method on the root itself.
    const catchAll = api.root.addProxy({ anyMethod: false }).addMethod('ANY', integrationOf('versions'));
    publicMethods.push(catchAll, api.root.node.findChild('ANY') as Method);
    acknowledgeApi(api, publicMethods);

    new CfnOutput(this, 'KeystoneEndpoint', {
      description: 'Register as the data-protect endpoint in Keystone',
      value: `${api.url}v1/%(project_id)s`,
    });
    this.api = api;
  }

  #groupFunction(group: ApiGroup, props: ApiProps, environment: Record<string, string>): IFunction {
    const id = `${constructIdOf(group)}Api`;
    const entry = join(props.repoRoot, 'functions', 'api', `${group}.ts`);
    const description = `Karbor API: ${group}`;
    if (group === 'versions') return new KarborFunction(this, id, { entry, description });
    const fn = new KarborFunction(this, id, { entry, description, environment });
    grantBankAndCredentials(props.backend, fn);
    if (workflowStarters.includes(group)) {
      for (const machine of props.stateMachines.values()) machine.grantStartExecution(fn);
    }
    if (scheduleManagers.includes(group)) props.scheduling.grantManage(fn);
    return fn;
  }
}
