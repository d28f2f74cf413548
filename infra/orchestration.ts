import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { envNames, stateMachineArnEnvName } from '../lib/config/env-names.js';
import {
  DefinitionError,
  type FixedPlaceholder,
  placeholdersOf,
  readDefinition,
  startedWorkflows,
  taskFunctionName,
  workflowFiles,
  workflowOfPlaceholder,
} from '../lib/workflows/definitions.js';
import {
  type Backend,
  backendEnvironment,
  grantBankAndCredentials,
  grantMoverJobs,
  grantProjectObjects,
} from './backend.js';
import { constructIdOf } from './construct-id.js';
import { type FunctionNetwork, KarborFunction } from './karbor-function.js';
import { Scheduling } from './scheduling.js';
import { type MoverTarget, WorkflowStateMachine, workflowStateMachineArn } from './workflow-state-machine.js';

/** The mover as the workflows see it (Mover provides it). */
export interface MoverDeployment extends MoverTarget {
  readonly containerName: string;
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;
}

export interface OrchestrationProps {
  readonly backend: Backend;
  readonly mover: MoverDeployment;
  /** Directory of the `<workflow>.asl.json` files. */
  readonly stateMachinesDir: string;
  /** Directory of the task function entries named by `${<Name>TaskArn}` placeholders. */
  readonly taskFunctionsDir: string;
  /** Value of `${MoverConcurrency}`. */
  readonly moverConcurrency: number;
  /** @default 3 - the hour (UTC) the daily gc execution starts */
  readonly gcHourUtc?: number;
  /**
   * The network of the task functions (they call Keystone, Nova, Cinder, Glance, Neutron).
   * @default - not in a VPC
   */
  readonly network?: FunctionNetwork;
  /**
   * `KARBOR_RBD_BACKENDS` of the task functions: the volumes they hand to the mover's rbd path.
   * @default - none; every volume takes the API path
   */
  readonly rbdBackends?: string;
}

/** The workflows schedules start: scheduled operations' (protect, retention) and the daily gc. */
const scheduledWorkflows = ['protect', 'retention', 'gc'] as const;

/**
 * Step Functions workflows (one per ASL file), the task functions they invoke and the
 * EventBridge Scheduler group and role that start them on schedule.
 */
export class Orchestration extends Construct {
  /** By workflow name (`protect`, `restore`, …). */
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  readonly scheduling: Scheduling;

  constructor(scope: Construct, id: string, props: OrchestrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const files = existsSync(props.stateMachinesDir) ? workflowFiles(props.stateMachinesDir) : [];
    const workflows = files.map((file) => {
      const definition = readDefinition(file.path);
      return { ...file, placeholders: placeholdersOf(definition), starts: startedWorkflows(definition) };
    });
    const names = new Set(workflows.map((w) => w.name));
    for (const workflow of workflows)
      for (const placeholder of workflow.placeholders) {
        const target = workflowOfPlaceholder(placeholder);
        if (target !== undefined && !names.has(target))
          throw new DefinitionError(
            `workflow ${workflow.name}: \${${placeholder}} names workflow ${target}, which has no ${target}.asl.json`,
          );
      }
    const scheduling = new Scheduling(this, 'Scheduling');

    const taskEnvironment = {
      ...backendEnvironment(props.backend),
      [envNames.scheduleGroup]: scheduling.group.scheduleGroupName,
      [envNames.schedulerRoleArn]: scheduling.role.roleArn,
      [envNames.moverClusterArn]: props.mover.cluster.clusterArn,
      ...(props.rbdBackends === undefined ? {} : { [envNames.rbdBackends]: props.rbdBackends }),
      ...Object.fromEntries(
        workflows.map((w) => [stateMachineArnEnvName(w.name), workflowStateMachineArn(stack, w.name)]),
      ),
    };
    const taskFunctions = new Map<string, IFunction>();
    for (const name of new Set(
      workflows.flatMap((w) => w.placeholders.flatMap((p) => taskFunctionName(p) ?? [])),
    )) {
      const entry = join(props.taskFunctionsDir, `${name}.ts`);
      if (!existsSync(entry)) {
        const users = workflows.filter((w) => w.placeholders.some((p) => taskFunctionName(p) === name));
        throw new DefinitionError(
          `workflow ${users.map((w) => w.name).join(', ')}: task function ${entry} does not exist`,
        );
      }
      const fn = new KarborFunction(this, `${constructIdOf(name)}Task`, {
        entry,
        description: `Karbor workflow task ${name}`,
        environment: taskEnvironment,
        memorySize: 1024,
        timeout: Duration.minutes(5),
        network: props.network,
      });
      grantBankAndCredentials(props.backend, fn);
      grantProjectObjects(props.backend, fn);
      grantMoverJobs(props.backend, fn, 'write');
      scheduling.grantManage(fn);
      taskFunctions.set(name, fn);
    }

    const fixed: Record<FixedPlaceholder, string> = {
      MoverClusterArn: props.mover.cluster.clusterArn,
      MoverTaskDefinitionArn: props.mover.taskDefinition.taskDefinitionArn,
      MoverContainerName: props.mover.containerName,
      MoverSubnetIds: props.mover.vpc.selectSubnets(props.mover.subnets).subnetIds.join(','),
      MoverSecurityGroupId: props.mover.securityGroup.securityGroupId,
      BankTableName: props.backend.table.tableName,
      BlockBucketName: props.backend.blockBucket.bucketName,
      BlockPrefix: props.backend.blockPrefix,
      MoverConcurrency: String(props.moverConcurrency),
    };
    const stateMachines = new Map<string, IStateMachine>();
    for (const workflow of workflows) {
      const tasks = workflow.placeholders.flatMap((p) => {
        const name = taskFunctionName(p);
        return name === undefined ? [] : [[p, taskFunctions.get(name) as IFunction] as const];
      });
      const workflowArns = workflow.placeholders.flatMap((p) => {
        const target = workflowOfPlaceholder(p);
        return target === undefined ? [] : [[p, workflowStateMachineArn(stack, target)] as const];
      });
      const { stateMachine } = new WorkflowStateMachine(this, constructIdOf(workflow.name), {
        name: workflow.name,
        definitionFile: workflow.path,
        substitutions: {
          ...fixed,
          ...Object.fromEntries(tasks.map(([p, fn]) => [p, fn.functionArn])),
          ...Object.fromEntries(workflowArns),
        },
        taskFunctions: tasks.map(([, fn]) => fn),
        table: props.backend.table,
        mover: workflow.placeholders.includes('MoverTaskDefinitionArn') ? props.mover : undefined,
        startsWorkflows: workflow.starts,
      });
      if ((scheduledWorkflows as readonly string[]).includes(workflow.name))
        scheduling.allowStart(stateMachine);
      stateMachines.set(workflow.name, stateMachine);
    }
    const gc = stateMachines.get('gc');
    if (gc !== undefined) scheduling.runDaily(gc, props.gcHourUtc ?? 3);

    this.stateMachines = stateMachines;
    this.scheduling = scheduling;
  }
}
