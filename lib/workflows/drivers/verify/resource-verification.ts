import type { VerifyJob } from '../../../blocks/job-spec.js';
import type { ResourceRun } from '../../runs/resource-runs.js';
import { taskBank, taskRuns } from '../../task-context.js';
import { done, goto, type ResourceDriver, ResourceFailed, runMover, type StepContext } from '../driver.js';

/**
 * Verifies one resource of a checkpoint, whatever its type: a resource whose protect run stored
 * a manifest (its own, or a server's root disk) is re-read by the mover, which checks every
 * block's hash (or a sample, `sample_percent` in the verification's parameters); a resource
 * saved as data (network topology, project, server definition) must have its saved result.
 */

/** `{"<Type>#<id>" | "<Type>": {"sample_percent": 1..100}}` → the fraction of blocks to check. */
export const sampleFractionOf = (
  parameters: Readonly<Record<string, unknown>>,
  resource: Pick<ResourceRun['resource'], 'type' | 'id'>,
): number => {
  const options = (parameters[`${resource.type}#${resource.id}`] ?? parameters[resource.type]) as
    | Readonly<Record<string, unknown>>
    | undefined;
  const percent = Number(options?.sample_percent);
  return Number.isFinite(percent) && percent > 0 && percent <= 100 ? percent / 100 : 1;
};

const hasManifest = (result: Readonly<Record<string, unknown>>): boolean => {
  const rootDisk = result.root_disk as { manifest?: unknown } | null | undefined;
  return result.manifest === true || rootDisk?.manifest === true;
};

const start = async (context: StepContext) => {
  const { run, workflow } = context;
  const saved = await taskRuns().get(workflow.project_id, workflow.checkpoint_id, run.resource_key);
  if (saved?.status !== 'available' || !saved.result || Object.keys(saved.result).length === 0)
    throw new ResourceFailed(
      `checkpoint ${workflow.checkpoint_id} holds no saved result for ${run.resource.type} ${run.resource.id}`,
    );
  if (!hasManifest(saved.result)) return done({ verified: 'saved-result' });
  const verification = await taskBank().verifications.get(workflow.project_id, workflow.run_id);
  return goto('verify', {
    data: { sample_fraction: sampleFractionOf(verification?.parameters ?? {}, run.resource) },
  });
};

const verify = async (context: StepContext) => {
  const { run, workflow } = context;
  const fraction = typeof run.data.sample_fraction === 'number' ? run.data.sample_fraction : 1;
  const job: VerifyJob = {
    operation: 'verify',
    store: context.store,
    project: workflow.project_id,
    checkpointId: workflow.checkpoint_id,
    resourceId: run.resource.id,
    sampleFraction: fraction,
    seed: workflow.run_id,
    report: taskRuns().progressTarget(run),
  };
  return runMover(job, 'record');
};

const record = async (context: StepContext) =>
  done({
    verified: 'blocks',
    sample_fraction: context.run.data.sample_fraction ?? 1,
    bytes_checked: context.run.progress?.bytesRead ?? null,
  });

export const resourceVerification: ResourceDriver = {
  firstStep: 'start',
  steps: { start, verify, record },
};
