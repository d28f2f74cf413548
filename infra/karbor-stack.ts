import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { stateMachinesDir } from '../lib/workflows/definitions.js';
import { Api } from './api.js';
import type { Backend } from './backend.js';
import type { KarborConfig } from './config.js';
import { Data } from './data.js';
import { ExecutionWatch } from './execution-watch.js';
import type { FunctionNetwork } from './karbor-function.js';
import { Mover } from './mover.js';
import { Orchestration } from './orchestration.js';
import { TenantConsole } from './tenant-console.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface KarborStackProps extends StackProps {
  readonly config: KarborConfig;
  /** @default - statemachines/ */
  readonly stateMachinesDir?: string;
  /** @default - functions/tasks/ */
  readonly taskFunctionsDir?: string;
  /** @default - console/dist/ */
  readonly consoleDir?: string;
}

/**
 * All of Karbor in one stack, one construct per concern (docs/deploy.md says why): data,
 * mover, orchestration, api, console. Construct IDs are stable; renaming one replaces resources.
 */
export class KarborStack extends Stack {
  readonly data: Data;
  readonly mover: Mover;
  readonly orchestration: Orchestration;
  readonly api: Api;
  readonly console: TenantConsole;

  constructor(scope: Construct, id: string, props: KarborStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new Data(this, 'Data', {
      objectLock: config.objectLock,
      serviceCredentialsSecretArn: config.openstackSecretArn,
      blockPrefix: config.blockPrefix,
    });
    const backend: Backend = {
      table: this.data.table,
      blockBucket: this.data.blockBucket,
      blockPrefix: config.blockPrefix,
      serviceCredentials: this.data.serviceCredentials,
      openstack: {
        authUrl: config.openstackAuthUrl,
        region: config.openstackRegion,
        interface: config.openstackInterface,
      },
      adminScope: { mode: config.adminScope, project: config.adminProject },
    };
    this.mover = new Mover(this, 'Mover', {
      backend,
      repoRoot,
      vpcId: config.vpcId,
      moverImage: config.moverImage,
      ceph:
        config.cephSecretArn === undefined
          ? undefined
          : {
              secret: Secret.fromSecretCompleteArn(this, 'CephSecret', config.cephSecretArn),
              user: config.cephUser,
            },
    });
    // With vpcId the cloud may be reachable only from that VPC (a VPN): every function that
    // calls OpenStack runs in the mover's subnets; the others (versions, execution watch) stay out
    const network: FunctionNetwork | undefined =
      config.vpcId === undefined
        ? undefined
        : {
            vpc: this.mover.vpc,
            subnets: this.mover.subnets,
            securityGroups: [
              new SecurityGroup(this, 'FunctionsSecurityGroup', {
                vpc: this.mover.vpc,
                description: 'Karbor functions that call OpenStack: outbound only',
                allowAllOutbound: true,
              }),
            ],
          };
    this.orchestration = new Orchestration(this, 'Orchestration', {
      backend,
      mover: this.mover,
      stateMachinesDir: props.stateMachinesDir ?? stateMachinesDir,
      taskFunctionsDir: props.taskFunctionsDir ?? join(repoRoot, 'functions', 'tasks'),
      moverConcurrency: config.moverConcurrency,
      network,
      rbdBackends: config.rbdBackends,
    });
    new ExecutionWatch(this, 'ExecutionWatch', {
      backend,
      stateMachines: this.orchestration.stateMachines,
      entry: join(repoRoot, 'functions', 'events', 'execution-ended.ts'),
    });
    this.api = new Api(this, 'Api', {
      backend,
      stateMachines: this.orchestration.stateMachines,
      scheduling: this.orchestration.scheduling,
      repoRoot,
      throttleRate: config.apiThrottleRate,
      throttleBurst: config.apiThrottleBurst,
      network,
    });
    this.console = new TenantConsole(this, 'Console', {
      api: this.api.api,
      consoleDir: props.consoleDir ?? join(repoRoot, 'console', 'dist'),
      keystoneUrl: config.openstackAuthUrl,
    });
  }
}
