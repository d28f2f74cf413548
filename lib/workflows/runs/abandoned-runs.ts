import type { KeystoneSession } from '../../openstack/session.js';
import { type CleanupFailure, deleteTemporaries, describeCleanupFailures } from '../drivers/temporaries.js';
import type { ResourceRunRepository, Temporary } from './resource-runs.js';

/**
 * The resources an execution left `running` when it ended outside its Catch paths (the
 * history or payload limit, a timeout, an operator's abort): no FailResource ran for them, so
 * their snapshots, temporary volumes and images are still there. This deletes them and records
 * each resource as `error` with the execution's reason; what cannot be deleted stays listed on
 * the resource. For the execution-status reconcile (lib/workflows/reconcile.ts) to call for
 * protect, restore and verify runs.
 */

export interface AbandonedRunsDependencies {
  readonly runs: Pick<ResourceRunRepository, 'list' | 'update'>;
  /** a session acting in the run's project (its trust), opened only if something must be deleted */
  readonly session: () => Promise<KeystoneSession>;
  readonly deleteTemporaries?: (
    session: KeystoneSession,
    temporaries: readonly Temporary[],
  ) => Promise<CleanupFailure[]>;
}

/** Returns the resource keys it released. */
export const releaseAbandonedRuns = async (
  deps: AbandonedRunsDependencies,
  project: string,
  runId: string,
  reason: string,
): Promise<string[]> => {
  const remove = deps.deleteTemporaries ?? deleteTemporaries;
  const abandoned = (await deps.runs.list(project, runId)).filter((run) => run.status === 'running');
  for (const run of abandoned) {
    let failures: CleanupFailure[] = [];
    let cleanup = '';
    if (run.temporaries.length > 0) {
      try {
        failures = await remove(await deps.session(), run.temporaries);
        cleanup = describeCleanupFailures(failures);
      } catch (error) {
        failures = run.temporaries.map((temporary) => ({ temporary, reason: (error as Error).message }));
        cleanup = `temporaries not deleted: ${(error as Error).message}`;
      }
    }
    await deps.runs.update(run, {
      status: 'error',
      temporaries: failures.map((f) => f.temporary),
      reason: cleanup ? `${reason}; ${cleanup}` : reason,
    });
  }
  return abandoned.map((run) => run.resource_key);
};
