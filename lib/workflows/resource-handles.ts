import type { Bank } from '../bank/bank.js';
import type { ResourceRef } from './runs/resource-runs.js';
import { wavesOfPackedGraph } from './waves.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * What a run's state machine carries for each resource: its place in the run's waves, not the
 * resource. A state's input and output may hold 256 KiB at most (`States.DataLimitExceeded`,
 * which no Catch catches), and a resource with its name and extra_info takes 150–300 bytes, so
 * the graph of a plan of about 1,000 resources did not fit. The waves are a function of the
 * checkpoint's stored resource graph, so each task finds its resource there again.
 */

export interface ResourceHandle {
  readonly wave: number;
  readonly index: number;
}

export class ResourceHandleUnknown extends Error {
  override name = 'ResourceHandleUnknown';
}

/** The run's waves: protect and restore in dependency order; verify all in one wave. */
export const runWaves = (kind: WorkflowContext['kind'], resourceGraph: string | null): ResourceRef[][] => {
  const waves = wavesOfPackedGraph(resourceGraph);
  if (kind !== 'verify') return waves;
  const all = waves.flat();
  return all.length > 0 ? [all] : [];
};

export const handlesOf = (waves: readonly (readonly ResourceRef[])[]): ResourceHandle[][] =>
  waves.map((wave, waveIndex) => wave.map((_, index) => ({ wave: waveIndex, index })));

export const isResourceHandle = (value: unknown): value is ResourceHandle =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ResourceHandle).wave === 'number' &&
  typeof (value as ResourceHandle).index === 'number';

/** The resource a handle names in `waves`. */
export const resourceAt = (
  waves: readonly (readonly ResourceRef[])[],
  handle: ResourceHandle,
): ResourceRef => {
  const resource = waves[handle.wave]?.[handle.index];
  if (!resource)
    throw new ResourceHandleUnknown(`the run has no resource ${handle.index} in wave ${handle.wave}`);
  return resource;
};

const cachedWaves = new Map<string, Promise<ResourceRef[][]>>();
const maxCachedRuns = 64;

const wavesOfRun = (bank: Bank, context: WorkflowContext): Promise<ResourceRef[][]> => {
  const key = `${context.kind}#${context.checkpoint_id}`;
  let waves = cachedWaves.get(key);
  if (!waves) {
    if (cachedWaves.size >= maxCachedRuns) cachedWaves.clear();
    const project = context.checkpoint_project_id ?? context.project_id;
    waves = bank.checkpoints.get(project, context.checkpoint_id).then((checkpoint) => {
      if (!checkpoint) throw new ResourceHandleUnknown(`checkpoint ${context.checkpoint_id} does not exist`);
      return runWaves(context.kind, checkpoint.resource_graph);
    });
    waves.catch(() => cachedWaves.delete(key));
    cachedWaves.set(key, waves);
  }
  return waves;
};

/** A task's resource: a handle is looked up in the run's waves; a resource passes as it is. */
export const resolveResource = async (
  bank: Bank,
  context: WorkflowContext,
  resource: ResourceRef | ResourceHandle,
): Promise<ResourceRef> =>
  isResourceHandle(resource) ? resourceAt(await wavesOfRun(bank, context), resource) : resource;
