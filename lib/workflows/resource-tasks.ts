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

const dependencies = (): AdvanceDependencies => ({
  runs: taskRuns(),
  driverFor,
  session: targetSession,
  store: blockStoreUrl(),
  now: () => new Date(),
  submitJob: submitMoverJob,
  removeJob: removeMoverJob,
});

export const advanceResourceTask = (input: AdvanceInput) => advanceResource(input, dependencies());

export const failResourceTask = (input: FailInput) => failResource(input, dependencies());
