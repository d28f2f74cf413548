import type { RestoreJob, RestoreTargetSpec } from '../../../blocks/job-spec.js';
import { type ResourceRef, type ResourceRun, resourceKeyOf } from '../../runs/resource-runs.js';
import { taskBank, taskRuns } from '../../task-context.js';
import { ResourceFailed, type StepContext } from '../driver.js';

/**
 * What every restore driver reads: the result protect recorded for a resource in the
 * checkpoint (the run `RUN#<checkpoint>#<type>#<id>` of the checkpoint's project), the restore
 * parameters that apply to it, the runs of resources restored in earlier waves (for their new
 * ids), and the mover job that writes a manifest back out.
 */

export type Parameters = Readonly<Record<string, unknown>>;

/** Karbor's rule: `parameters[<type>]` overlaid by `parameters["<type>#<id>"]`. */
export const restoreParameters = (
  parameters: Readonly<Record<string, unknown>>,
  resource: Pick<ResourceRef, 'type' | 'id'>,
): Parameters => {
  const section = (key: string): Parameters => {
    const value = parameters[key];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Parameters) : {};
  };
  return { ...section(resource.type), ...section(resourceKeyOf(resource)) };
};

/** A parameter as a non-empty string, else undefined. */
export const textParameter = (parameters: Parameters, name: string): string | undefined => {
  const value = parameters[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** A boolean parameter; Karbor clients send strings ("true"), so those count too. */
export const flagParameter = (parameters: Parameters, name: string): boolean => {
  const value = parameters[name];
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
};

export const checkpointProjectOf = (context: StepContext): string =>
  context.workflow.checkpoint_project_id ?? context.workflow.project_id;

/** The result protect recorded for `resource` (default: the run's own) in the checkpoint. */
export const savedResult = async (
  context: StepContext,
  resource: Pick<ResourceRef, 'type' | 'id'> = context.run.resource,
): Promise<Readonly<Record<string, unknown>>> => {
  const key = resourceKeyOf(resource);
  const saved = await taskRuns().get(checkpointProjectOf(context), context.workflow.checkpoint_id, key);
  if (saved?.status !== 'available' || !saved.result)
    throw new ResourceFailed(`checkpoint ${context.workflow.checkpoint_id} holds no saved data for ${key}`);
  return saved.result;
};

/** The parameters of this restore that apply to the run's resource. */
export const parametersOf = async (context: StepContext): Promise<Parameters> => {
  const restore = await taskBank().restores.get(context.workflow.project_id, context.workflow.run_id);
  return restoreParameters(restore?.parameters ?? {}, context.run.resource);
};

/** The run of another resource in this restore (restored in an earlier wave), if it ran. */
export const restoredRun = (
  context: StepContext,
  resource: Pick<ResourceRef, 'type' | 'id'>,
): Promise<ResourceRun | undefined> =>
  taskRuns().get(context.workflow.project_id, context.workflow.run_id, resourceKeyOf(resource));

/** The mover job writing the manifest `manifestId` of the checkpoint into `target`. */
export const restoreJob = (
  context: StepContext,
  manifestId: string,
  target: RestoreTargetSpec,
): RestoreJob => ({
  operation: 'restore',
  store: context.store,
  project: checkpointProjectOf(context),
  checkpointId: context.workflow.checkpoint_id,
  resourceId: manifestId,
  target,
  report: taskRuns().progressTarget(context.run),
});
