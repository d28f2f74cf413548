import type { App, Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import { ConfigError, readConfig } from './config.js';
import { KarborStack, type KarborStackProps } from './karbor-stack.js';

/**
 * An imported VPC is looked up at synth time, so the stack then needs the account and region
 * the CLI resolved; otherwise it stays environment-agnostic.
 */
const environmentFor = (vpcId: string | undefined): Environment | undefined => {
  if (vpcId === undefined) return undefined;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  if (account === undefined || region === undefined) {
    throw new ConfigError(
      `context vpcId ${JSON.stringify(vpcId)} needs an account and region to look the vpc up; run the cdk cli with aws credentials`,
    );
  }
  return { account, region };
};

export type KarborAppOptions = Pick<KarborStackProps, 'stateMachinesDir' | 'taskFunctionsDir' | 'consoleDir'>;

export const stackName = 'Karbor';

/** The cdk-nag packs that check the whole app at synth (app.ts) and in the infra tests. */
export const nagPacks = (app: App): NagPack[] => [new AwsSolutionsChecks(app), new ServerlessChecks(app)];

/** Builds the stack from the app's context. */
export const buildKarborApp = (app: App, options: KarborAppOptions = {}): KarborStack => {
  const config = readConfig(app.node);
  const stack = new KarborStack(app, stackName, {
    ...options,
    env: environmentFor(config.vpcId),
    description: 'Karbor v1 data protection API for OpenStack, serverless',
    config,
  });
  return stack;
};
