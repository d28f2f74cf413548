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
import { blockStoreUrl, targetSession, taskRuns } from './task-context.js';

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

export const advanceResourceTask = (input: AdvanceInput, context?: Context) =>
  advanceResource(input, dependencies(context));

export const failResourceTask = (input: FailInput) => failResource(input, dependencies());
