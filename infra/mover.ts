import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  GatewayVpcEndpointAwsService,
  type ISecurityGroup,
  type IVpc,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateTaskDefinition,
  type ICluster,
  LinuxParameters,
  LogDrivers,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type Backend,
  backendEnvironment,
  grantBankProgress,
  grantMoverJobs,
  grantProjectObjects,
} from './backend.js';
import { acknowledge } from './nag.js';

export class MoverImageError extends Error {
  override name = 'MoverImageError';
}

export interface MoverProps {
  readonly backend: Backend;
  /** The repository root: the Docker build context of `mover-fargate/Dockerfile`. */
  readonly repoRoot: string;
  /**
   * An existing VPC (e.g. the one with the VPN to the OpenStack cloud), looked up at synth
   * time; the stack then needs a concrete `env`.
   * @default - a new VPC: 2 AZs, NAT, S3 and DynamoDB gateway endpoints, flow logs
   */
  readonly vpcId?: string;
  /**
   * A registry image for the mover, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/mover:1`.
   * @default - built from `mover-fargate/Dockerfile` with the repository root as context
   */
  readonly moverImage?: string;
}

const containerName = 'mover';

/**
 * The container's entrypoint: the mover CLI of mover-fargate/Dockerfile. The workflows'
 * `Command` override holds only the CLI's arguments, so the task definition names the
 * entrypoint itself rather than rely on the image's (a `moverImage` built elsewhere, or the
 * node base image's docker-entrypoint.sh, would run `node backup …`).
 */
export const moverEntryPoint: readonly string[] = ['node', '/app/dist/cli.mjs'];
const scratchVolume = 'scratch';

/**
 * The data mover: a Fargate task (ARM64, 2 vCPU / 4 GiB) the workflows start with
 * `ecs:runTask.sync`, in private subnets that reach OpenStack through NAT or the VPN.
 */
export class Mover extends Construct {
  readonly cluster: ICluster;
  readonly taskDefinition: FargateTaskDefinition;
  readonly containerName = containerName;
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;
  readonly vpc: IVpc;

  constructor(scope: Construct, id: string, props: MoverProps) {
    super(scope, id);

    const vpc =
      props.vpcId === undefined ? this.#newVpc() : Vpc.fromLookup(this, 'Vpc', { vpcId: props.vpcId });
    const cluster = new Cluster(this, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });

    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: 2048,
      memoryLimitMiB: 4096,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.ARM64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
      volumes: [{ name: scratchVolume }],
    });
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const container = taskDefinition.addContainer('Mover', {
      containerName,
      image: this.#image(props),
      entryPoint: [...moverEntryPoint],
      essential: true,
      readonlyRootFilesystem: true,
      linuxParameters: new LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
      logging: LogDrivers.awsLogs({ streamPrefix: 'mover', logGroup }),
      environment: backendEnvironment(props.backend),
    });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: scratchVolume, readOnly: false });
    if (props.moverImage === undefined && taskDefinition.executionRole) {
      acknowledge(
        taskDefinition.executionRole,
        'Pulling the asset image needs ecr:GetAuthorizationToken, which has no resource-level permissions; the pull actions are limited to the asset repository.',
        'AwsSolutions-IAM5[Resource::*]',
      );
    }
    acknowledge(
      taskDefinition,
      'The environment holds only names, URLs and ARNs; credentials come with each job (a Keystone token), never with the task definition.',
      'AwsSolutions-ECS2',
    );

    // progress into the run's Bank item, blocks, and the job it was handed; no OpenStack
    // service credentials (a job carries the token its source or target needs)
    grantBankProgress(props.backend.table, taskDefinition.taskRole);
    grantProjectObjects(props.backend, taskDefinition.taskRole);
    grantMoverJobs(props.backend, taskDefinition.taskRole, 'run');

    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Karbor mover tasks: outbound only',
      allowAllOutbound: true,
    });

    this.vpc = vpc;
    this.cluster = cluster;
    this.taskDefinition = taskDefinition;
    this.subnets = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };
    this.securityGroup = securityGroup;
  }

  #newVpc(): IVpc {
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        S3: { service: GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    vpc.addFlowLog('FlowLogs');
    return vpc;
  }

  #image(props: MoverProps): ContainerImage {
    if (props.moverImage !== undefined) return ContainerImage.fromRegistry(props.moverImage);
    const dockerfile = join(props.repoRoot, 'mover-fargate', 'Dockerfile');
    if (!existsSync(dockerfile)) {
      throw new MoverImageError(
        `mover image: ${dockerfile} does not exist; pass -c moverImage=<registry image> to deploy a prebuilt image`,
      );
    }
    return ContainerImage.fromAsset(props.repoRoot, {
      file: 'mover-fargate/Dockerfile',
      platform: Platform.LINUX_ARM64,
      exclude: ['node_modules', 'cdk.out', '.git', '.karbor', 'console', 'coverage', 'test'],
    });
  }
}
