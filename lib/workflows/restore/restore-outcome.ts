import { type ResourceRef, type ResourceRun, resourceKeyOf } from '../runs/resource-runs.js';

/**
 * What a finished restore records, from its resource runs. Karbor keys `resources_status` by
 * the *new* resource (`"OS::Cinder::Volume#<new id>": "available"`), so a restored resource
 * appears under the id it has in the target; a resource that was not restored has no new id
 * and appears under its original key (`"<type>#<original id>": "error"`) with its reason in
 * `resources_reason` under the same key. The network and project resources are keyed by the
 * target project id (their "id" is a project id). A workflow-level failure (the restore could
 * not start, a Map failed) is recorded under the key `restore`, as the API does when the
 * workflow cannot start at all.
 */

export interface RestoreOutcome {
  readonly status: 'success' | 'fail';
  readonly resources_status: Record<string, string>;
  readonly resources_reason: Record<string, string>;
  /** one line per failure, for the operation log */
  readonly reasons: string[];
}

/** The id of the restored object a run recorded (`result.new_id`), if it has one. */
export const newIdOf = (run: ResourceRun | undefined): string | undefined => {
  const id = run?.result?.new_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

export const restoreOutcome = (
  runs: readonly ResourceRun[],
  expected: readonly ResourceRef[],
  options: { readonly workflowError?: string | undefined } = {},
): RestoreOutcome => {
  const byKey = new Map(runs.map((run) => [run.resource_key, run]));
  const resources_status: Record<string, string> = {};
  const resources_reason: Record<string, string> = {};
  const reasons: string[] = [];
  for (const resource of expected) {
    const key = resourceKeyOf(resource);
    const run = byKey.get(key);
    if (run?.status === 'available') {
      resources_status[`${resource.type}#${newIdOf(run) ?? resource.id}`] = 'available';
      continue;
    }
    const reason =
      run?.status === 'error'
        ? (run.reason ?? 'failed')
        : run?.status === 'running'
          ? 'did not finish'
          : 'was not restored';
    resources_status[key] = 'error';
    resources_reason[key] = reason;
    reasons.push(`${resource.type} ${resource.id}: ${reason}`);
  }
  if (options.workflowError) {
    resources_reason.restore = options.workflowError;
    reasons.unshift(options.workflowError);
  }
  return { status: reasons.length === 0 ? 'success' : 'fail', resources_status, resources_reason, reasons };
};
