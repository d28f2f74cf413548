import type { ResourceRef, ResourceRun, Temporary, TemporaryKind } from '../../runs/resource-runs.js';
import type { WorkflowContext } from '../../workflow-context.js';

/**
 * Temporaries get names derived from the run and the resource, so a step re-run after a
 * timeout (or a Lambda that died between the create call and the Bank write) finds what the
 * first attempt made instead of making a second one that nothing would ever delete.
 */
export const temporaryName = (
  workflow: Pick<WorkflowContext, 'run_id'>,
  resource: Pick<ResourceRef, 'id'>,
): string => `karbor-${workflow.run_id}-${resource.id}`;

/** `[{kind, id}]` unless the run already lists it (a re-run of the step that made it). */
export const newTemporary = (
  run: Pick<ResourceRun, 'temporaries'>,
  kind: TemporaryKind,
  id: string,
): Temporary[] => (run.temporaries.some((t) => t.kind === kind && t.id === id) ? [] : [{ kind, id }]);
