import { resolve } from 'node:path';
import { getInteger, getOptionalString, getString } from '../lib/config/env.js';
import { envNames } from '../lib/config/env-names.js';
import {
  type FixedPlaceholder,
  taskFunctionName,
  workflowOfPlaceholder,
} from '../lib/workflows/definitions.js';

/**
 * The values local mode fills into `${Placeholder}`s. Task functions get a pseudo ARN the ASL
 * runner maps back to `functions/tasks/<kebab-name>.ts`; mover placeholders get pseudo values
 * (the mover runs as a child process, not on ECS); the Bank and the block store come from the
 * same settings the handlers read.
 */

const taskArnPrefix = 'arn:aws:lambda:local:000000000000:function:karbor-';

export const localTaskArn = (kebabName: string): string => `${taskArnPrefix}${kebabName}`;

/** The kebab-case task file name a local pseudo ARN points at, or undefined for any other value. */
export const taskNameOfLocalArn = (arn: string): string | undefined =>
  arn.startsWith(taskArnPrefix) && /^[a-z0-9-]+$/.test(arn.slice(taskArnPrefix.length))
    ? arn.slice(taskArnPrefix.length)
    : undefined;

const stateMachineArnPrefix = 'arn:aws:states:local:000000000000:stateMachine:karbor-';

/** The pseudo ARN of a workflow's local state machine (also its `$$.StateMachine.Id`). */
export const localStateMachineArn = (workflow: string): string => `${stateMachineArnPrefix}${workflow}`;

/** `$$.Execution.Id` of a local execution, shaped as AWS's execution ARN. */
export const localExecutionArn = (workflow: string, executionName: string): string =>
  `${localStateMachineArn(workflow).replace(':stateMachine:', ':execution:')}:${executionName}`;

/** The workflow a local state machine ARN names, or undefined for any other value. */
export const workflowOfLocalArn = (arn: string): string | undefined =>
  arn.startsWith(stateMachineArnPrefix) && /^[a-z0-9-]+$/.test(arn.slice(stateMachineArnPrefix.length))
    ? arn.slice(stateMachineArnPrefix.length)
    : undefined;

/** `s3://bucket/prefix` → bucket and prefix; `file://dir` (or nothing) → the directory as bucket name. */
const blockStoreLocation = (dataDir: string): { bucket: string; prefix: string } => {
  const store = getOptionalString(envNames.blockStore) ?? `file://${resolve(dataDir, 'blocks')}`;
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(store);
  if (s3) return { bucket: s3[1] as string, prefix: s3[2] as string };
  return { bucket: store, prefix: '' };
};

export const localFixedValues = (): Record<FixedPlaceholder, string> => {
  const { bucket, prefix } = blockStoreLocation(getString('KARBOR_DATA_DIR', '.karbor'));
  return {
    MoverClusterArn: 'arn:aws:ecs:local:000000000000:cluster/karbor-local',
    MoverTaskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/karbor-mover:1',
    MoverContainerName: 'mover',
    MoverSubnetIds: 'subnet-local',
    MoverSecurityGroupId: 'sg-local',
    BankTableName: getString(envNames.tableName, 'karbor-bank'),
    BlockBucketName: bucket,
    BlockPrefix: prefix,
    MoverConcurrency: String(getInteger('KARBOR_MOVER_CONCURRENCY', 2, 1)),
  };
};

/** Values for every placeholder of `placeholders`: task and workflow ARNs by convention, the rest fixed. */
export const localPlaceholderValues = (
  placeholders: readonly string[],
  fixed: Readonly<Record<string, string>> = localFixedValues(),
): Record<string, string> => {
  const values: Record<string, string> = { ...fixed };
  for (const placeholder of placeholders) {
    const task = taskFunctionName(placeholder);
    if (task !== undefined) values[placeholder] = localTaskArn(task);
    const workflow = workflowOfPlaceholder(placeholder);
    if (workflow !== undefined) values[placeholder] = localStateMachineArn(workflow);
  }
  return values;
};
