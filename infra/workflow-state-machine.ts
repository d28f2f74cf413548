import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ICluster, TaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { Grant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  type IStateMachine,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DefinitionError, readDefinition, substituteDefinition } from '../lib/workflows/definitions.js';
import { grantBank } from './backend.js';
import { acknowledge, wildcardResource } from './nag.js';

/** What a workflow may run on Fargate; granted only if its file uses `${MoverTaskDefinitionArn}`. */
export interface MoverTarget {
  readonly cluster: ICluster;
  readonly taskDefinition: TaskDefinition;
}

export interface WorkflowStateMachineProps {
  /** The workflow name, i.e. the file name without `.asl.json`. */
  readonly name: string;
  /** Path of the ASL file. */
  readonly definitionFile: string;
  /** A value for every placeholder in the file (lib/workflows/definitions.ts convention). */
  readonly substitutions: Readonly<Record<string, string>>;
  /** The task functions the file invokes; the state machine may invoke exactly these. */
  readonly taskFunctions: readonly IFunction[];
  /** Read and written by the workflow's own DynamoDB steps (status, progress). */
  readonly table: ITable;
  /** @default - the workflow may not run ECS tasks */
  readonly mover?: MoverTarget;
  /**
   * The workflows this one starts (`states:startExecution`), and whether it waits for them.
   * @default - it starts none
   */
  readonly startsWorkflows?: readonly { readonly workflow: string; readonly sync: boolean }[];
}

/** The ARN of a workflow's state machine, known before it exists (its name is fixed). */
export const workflowStateMachineArn = (stack: Stack, name: string): string =>
  stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: workflowStateMachineName(stack, name),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

const workflowStateMachineName = (stack: Stack, name: string): string => `${stack.stackName}-${name}`;

/**
 * One STANDARD state machine from one ASL file, with placeholders filled by the same
 * `substituteDefinition` local mode uses, so the template holds no `${...}` at all. IAM is
 * never inferred from the definition: every permission is granted here, by name.
 */
export class WorkflowStateMachine extends Construct {
  readonly stateMachine: IStateMachine;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const definition = fillDefinition(props.name, readDefinition(props.definitionFile), props.substitutions);

    const stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: workflowStateMachineName(stack, props.name),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', {
          logGroupName: `/aws/vendedlogs/states/${workflowStateMachineName(stack, props.name)}`,
          retention: RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    for (const fn of props.taskFunctions) {
      fn.grantInvoke(stateMachine);
      acknowledge(
        stateMachine,
        'Function.grantInvoke also covers the versions and aliases of our own task function.',
        wildcardResource(stateMachine, `${fn.functionArn}:*`),
      );
    }
    grantBank(props.table, stateMachine);
    acknowledge(
      stateMachine,
      'X-Ray tracing and CloudWatch Logs delivery (logs:*LogDelivery*, DescribeLogGroups …) support no resource-level permissions.',
      wildcardResource(stateMachine, '*'),
    );
    if (props.mover !== undefined) grantRunTaskSync(stack, stateMachine, props.mover);
    for (const target of props.startsWorkflows ?? []) grantStartExecution(stack, stateMachine, target);

    this.stateMachine = stateMachine;
  }
}

const fillDefinition = (name: string, text: string, values: Readonly<Record<string, string>>): string => {
  try {
    const definition = substituteDefinition(text, values);
    JSON.parse(definition);
    return definition;
  } catch (error) {
    throw new DefinitionError(`workflow ${name}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * The documented policy of `ecs:runTask.sync`: run the task definition (with PassRole of its
 * task and execution roles), stop and describe its tasks, and manage the managed events rule.
 */
const grantRunTaskSync = (stack: Stack, stateMachine: StateMachine, mover: MoverTarget): void => {
  mover.taskDefinition.grantRun(stateMachine);
  const tasks = stack.formatArn({
    service: 'ecs',
    resource: 'task',
    resourceName: `${mover.cluster.clusterName}/*`,
  });
  Grant.addToPrincipal({
    grantee: stateMachine,
    actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
    resourceArns: [tasks],
  });
  // RunTask with PropagateTags (or tags) also needs ecs:TagResource on the task it creates
  stateMachine.addToRolePolicy(
    new PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: [tasks],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    }),
  );
  acknowledge(
    stateMachine,
    'runTask.sync stops, describes and (with PropagateTags, only while RunTask creates it) tags the task it started; task ids are random, so access is limited to tasks of the mover cluster.',
    wildcardResource(stateMachine, tasks),
  );
  Grant.addToPrincipal({
    grantee: stateMachine,
    actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    resourceArns: [
      stack.formatArn({
        service: 'events',
        resource: 'rule',
        resourceName: 'StepFunctionsGetEventsForECSTaskRule',
      }),
    ],
  });
};

/**
 * The documented policy of `states:startExecution` on one workflow's state machine, plus for
 * `.sync` / `.sync:2` describing and stopping its executions and the managed events rule.
 */
const grantStartExecution = (
  stack: Stack,
  stateMachine: StateMachine,
  target: { readonly workflow: string; readonly sync: boolean },
): void => {
  Grant.addToPrincipal({
    grantee: stateMachine,
    actions: ['states:StartExecution'],
    resourceArns: [workflowStateMachineArn(stack, target.workflow)],
  });
  if (!target.sync) return;
  const executions = stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${workflowStateMachineName(stack, target.workflow)}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  Grant.addToPrincipal({
    grantee: stateMachine,
    actions: ['states:DescribeExecution', 'states:StopExecution'],
    resourceArns: [executions],
  });
  acknowledge(
    stateMachine,
    `startExecution.sync describes and stops the child execution it started; execution names vary, so access is limited to executions of the ${target.workflow} state machine.`,
    wildcardResource(stateMachine, executions),
  );
  Grant.addToPrincipal({
    grantee: stateMachine,
    actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    resourceArns: [
      stack.formatArn({
        service: 'events',
        resource: 'rule',
        resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
      }),
    ],
  });
};
