import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildKarborApp, type KarborAppOptions } from './karbor-app.js';
import type { KarborStack } from './karbor-stack.js';
import { repoRoot } from './karbor-stack.js';

/**
 * Test helpers: the app as `cdk synth` builds it (cdk.json feature flags), minus Lambda bundling
 * and minus CDK's built-in CloudFormation schema validation (about 20 s to load).
 */

export const fixturesDir = join(repoRoot, 'infra', 'test-fixtures');

export const fixtures: Required<KarborAppOptions> = {
  stateMachinesDir: join(fixturesDir, 'statemachines'),
  taskFunctionsDir: join(fixturesDir, 'tasks'),
  consoleDir: join(fixturesDir, 'console'),
};

export const testImage = 'public.ecr.aws/docker/library/node:22-slim';

const featureFlags = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')).context;

export interface TestApp {
  readonly app: App;
  readonly stack: KarborStack;
  readonly template: Template;
}

/** Builds and synthesizes the app; Lambda bundling is skipped unless `bundle` is set. */
export const synthKarbor = (
  context: Record<string, unknown> = {},
  options: KarborAppOptions = {},
  bundle = false,
): TestApp => {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      ...featureFlags(),
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      moverImage: testImage,
      ...context,
    },
  });
  // a built console/dist of the checkout must not change what the tests synthesize
  const stack = buildKarborApp(app, { consoleDir: join(fixturesDir, 'console-not-built'), ...options });
  return { app, stack, template: Template.fromStack(stack) };
};

/** The full path (`/v1/{project_id}/plans`) of every API Gateway resource, by logical id. */
export const resourcePaths = (template: Template): Map<string, string> => {
  const resources = template.findResources('AWS::ApiGateway::Resource') as Record<
    string,
    { Properties: { PathPart: string; ParentId: { Ref?: string } } }
  >;
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const { PathPart, ParentId } = (resources[id] as (typeof resources)[string]).Properties;
    const path = `${ParentId.Ref === undefined ? '' : pathOf(ParentId.Ref)}/${PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const id of Object.keys(resources)) pathOf(id);
  return paths;
};

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the AWS::IAM::Policy resources attached to the role `roleId`. */
export const statementsOfRole = (template: Template, roleId: string): PolicyStatement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const { Roles, PolicyDocument } = (
      policy as { Properties: { Roles: unknown[]; PolicyDocument: { Statement: PolicyStatement[] } } }
    ).Properties;
    return JSON.stringify(Roles).includes(`"${roleId}"`) ? PolicyDocument.Statement : [];
  });

export const actionsOf = (statement: PolicyStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** Runs `fn` with environment variables set (undefined removes one), then restores them. */
export const withEnvironment = <T>(
  variables: Readonly<Record<string, string | undefined>>,
  fn: () => T,
): T => {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return fn();
  } finally {
    process.env = saved;
  }
};

/** The CLI's account and region, as `cdk synth` sets them when it has credentials. */
export const cliEnvironment = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };
