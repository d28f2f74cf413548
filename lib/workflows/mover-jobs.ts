import type { JobSpec } from '../blocks/job-spec.js';
import { jobKey } from '../blocks/key-layout.js';
import { openStore } from '../blocks/open-store.js';
import type { ResourceRun } from './runs/resource-runs.js';

/**
 * Hands a job to the mover without putting it in the Step Functions payload or the ECS
 * overrides (both are logged, and a job may carry a token): the job is written to the block
 * store under `jobs/`, and the mover's command names only where it is.
 */

const jobName = (run: Pick<ResourceRun, 'run_id' | 'resource'>): string =>
  `${run.run_id}-${run.resource.type.split('::').at(-1)?.toLowerCase()}-${run.resource.id}`;

const stores = new Map<string, ReturnType<typeof openStore>>();
export const storeAt = (url: string) => {
  let store = stores.get(url);
  if (!store) {
    store = openStore(url);
    stores.set(url, store);
  }
  return store;
};

export const moverJobKey = (run: Pick<ResourceRun, 'project_id' | 'run_id' | 'resource'>): string =>
  jobKey(run.project_id, jobName(run));

/** Writes `job` for `run` and returns the mover's command line (the container's arguments). */
export const submitMoverJob = async (store: string, run: ResourceRun, job: JobSpec): Promise<string[]> => {
  const key = moverJobKey(run);
  await storeAt(store).put(key, Buffer.from(JSON.stringify(job)));
  return [job.operation, '--job-store', store, '--job-key', key];
};

export const removeMoverJob = async (store: string, run: ResourceRun): Promise<void> => {
  await storeAt(store).delete(moverJobKey(run));
};
