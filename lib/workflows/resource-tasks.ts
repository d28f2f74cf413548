import type { Context } from 'aws-lambda';
import {
  type AdvanceDependencies,
  type AdvanceInput,
  advanceResource,
  type FailInput,
  failResource,
} from './drivers/advance.js';
import { driverFor } from './drivers/registry.js';
import { removeMoverJob, submitMoverJob } from './mover-jobs.js';
import { type ResourceHandle, resolveResource } from './resource-handles.js';
import type { ResourceRef } from './runs/resource-runs.js';
import { blockStoreUrl, targetSession, taskBank, taskRuns } from './task-context.js';
import type { WorkflowContext } from './workflow-context.js';

/** The two tasks every run's per-resource loop calls, bound to the process's Bank and clouds. */

/** Polls stop this long before the Lambda's own timeout, leaving time to write the Bank and answer. */
const invocationMarginSeconds = 45;

const secondsLeftIn = (context: Context | undefined): (() => number) => {
  if (!context) return () => 0;
  return () => Math.floor(context.getRemainingTimeInMillis() / 1000) - invocationMarginSeconds;
};

const sleep = (seconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

const dependencies = (context?: Context): AdvanceDependencies => ({
  runs: taskRuns(),
  driverFor,
  session: targetSession,
  store: blockStoreUrl(),
  now: () => new Date(),
  submitJob: submitMoverJob,
  removeJob: removeMoverJob,
  sleep,
  invocationSecondsLeft: secondsLeftIn(context),
});

/** The state machine hands a resource's place in the run's waves; the task looks it up. */
type Located = { readonly context: WorkflowContext; readonly resource: ResourceRef };
type WithHandle<T extends Located> = Omit<T, 'resource'> & {
  readonly context: WorkflowContext;
  readonly resource: ResourceRef | ResourceHandle;
};

const withResource = async <T extends Located>(input: WithHandle<T>): Promise<T> =>
  ({ ...input, resource: await resolveResource(taskBank(), input.context, input.resource) }) as T;

export const advanceResourceTask = async (input: WithHandle<AdvanceInput>, context?: Context) =>
  advanceResource(await withResource<AdvanceInput>(input), dependencies(context));

export const failResourceTask = async (input: WithHandle<FailInput>) =>
  failResource(await withResource<FailInput>(input), dependencies());
