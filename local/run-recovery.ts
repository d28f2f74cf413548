import { moverJobKey, storeAt } from '../lib/workflows/mover-jobs.js';
import type { WorkflowName } from '../lib/workflows/orchestrator.js';
import type { EndedExecution } from '../lib/workflows/reconcile.js';
import type { ResourceRun, ResourceRunRepository } from '../lib/workflows/runs/resource-runs.js';
import type { ExecutionRecord, ExecutionRecords } from './execution-records.js';
import type { MoverExit, MoverRun } from './mover-launcher.js';

/**
 * At start, what a killed `npm start` was running (the execution records it left) is resumed:
 * each execution starts again under its own name and input. The tasks keep their state in the
 * Bank and are safe to re-run, so a resumed run carries on where the Bank says it was. What
 * died with the process is the mover of a resource waiting for one: its job (still in the
 * block store) is run again first — it resumes from its journal — and if that cannot succeed,
 * the resource is failed through the workflow's own Catch path (its temporaries deleted, the
 * run `error` with the reason).
 *
 * An execution already resumed `maxResumes` times (a run that takes `npm start` down with it)
 * is not resumed again: its resources are failed the same way, or, for workflows without
 * resources, its object is failed as AWS's execution-status rule does (reconcile.ts).
 */

export interface RecoveryDependencies {
  readonly records: ExecutionRecords;
  readonly resume: (record: ExecutionRecord) => Promise<void>;
  readonly runs: ResourceRunRepository;
  readonly store: string;
  readonly runMover: (run: MoverRun) => Promise<MoverExit>;
  readonly reconcile?: (ended: EndedExecution) => Promise<string | undefined>;
  readonly log: (line: string) => void;
  readonly maxResumes?: number;
}

const runKinds: readonly WorkflowName[] = ['protect', 'restore', 'verify'];

/** The Bank's run id of an execution's resources: the checkpoint, restore or verification id. */
const runIdOf = (record: ExecutionRecord): string | undefined => {
  const { input } = record;
  const id =
    record.workflow === 'protect'
      ? input.checkpoint_id
      : record.workflow === 'restore'
        ? input.restore_id
        : record.workflow === 'verify'
          ? input.verification_id
          : undefined;
  return typeof id === 'string' ? id : undefined;
};

/**
 * A step no driver has: the resumed execution's AdvanceResource fails on it and the workflow's
 * Catch path (FailResource) deletes the temporaries and records the reason, which is this name.
 */
export const interruptedStep = (why: string): string => `interrupted: ${why}`;

const failThroughCatchPath = (deps: RecoveryDependencies, run: ResourceRun, why: string) =>
  deps.runs.update(run, { step: interruptedStep(why) });

/** Runs the job the dead mover was given again; true when it completed. */
const rerunMover = async (deps: RecoveryDependencies, run: ResourceRun): Promise<string | undefined> => {
  const key = moverJobKey(run);
  let job: { operation?: unknown };
  try {
    job = JSON.parse((await storeAt(deps.store).get(key)).toString('utf8')) as { operation?: unknown };
  } catch (error) {
    return `npm start stopped while the mover ran, and its job is gone (${(error as Error).message})`;
  }
  deps.log(`Recovery: running the mover of ${run.resource_key} (run ${run.run_id}) again`);
  const exit = await deps.runMover({
    args: [String(job.operation), '--job-store', deps.store, '--job-key', key],
    environment: {},
  });
  if (exit.exitCode === 0) return undefined;
  const detail = exit.stderrTail.split('\n').at(-1) ?? '';
  return `npm start stopped while the mover ran, and its rerun exited ${exit.exitCode}${detail ? `: ${detail}` : ''}`;
};

/** Makes the resources of a run ready to resume: movers rerun, or failed via the Catch path. */
const prepareResources = async (
  deps: RecoveryDependencies,
  record: ExecutionRecord,
  giveUp: string | null,
) => {
  const runId = runIdOf(record);
  const project = record.input.project_id;
  if (!runKinds.includes(record.workflow) || runId === undefined || typeof project !== 'string') return;
  for (const run of await deps.runs.list(project, runId)) {
    if (run.status !== 'running') continue;
    if (giveUp !== null) await failThroughCatchPath(deps, run, giveUp);
    else if (run.data.awaiting_mover === true) {
      const failure = await rerunMover(deps, run);
      if (failure !== undefined) await failThroughCatchPath(deps, run, failure);
    }
  }
};

const recoverOne = async (deps: RecoveryDependencies, record: ExecutionRecord): Promise<void> => {
  const maxResumes = deps.maxResumes ?? 2;
  const exhausted = record.resumes >= maxResumes;
  const giveUp = exhausted ? `npm start stopped ${record.resumes + 1} times while this run was going` : null;
  if (exhausted && !runKinds.includes(record.workflow)) {
    const reconcile = deps.reconcile ?? (async () => undefined);
    const repaired = await reconcile({
      workflow: record.workflow,
      input: record.input,
      status: 'ABORTED',
      error: 'LocalRuntimeStopped',
      cause: giveUp ?? undefined,
    });
    deps.records.remove(record.name);
    deps.log(
      `Recovery: ${record.workflow} ${record.name} not resumed again: ${repaired ?? 'nothing to repair'}`,
    );
    return;
  }
  await prepareResources(deps, record, giveUp);
  await deps.resume(record);
  deps.log(
    `Recovery: ${record.workflow} ${record.name} resumed${giveUp ? ' to fail its resources' : ''} (resume ${record.resumes + 1})`,
  );
};

/** Recovers every recorded execution in the background; resolves when all were started again. */
export const recoverExecutions = async (deps: RecoveryDependencies): Promise<number> => {
  const records = deps.records.list((file, error) =>
    deps.log(`Recovery: cannot read execution record ${file}: ${error.message}`),
  );
  await Promise.all(
    records.map((record) =>
      recoverOne(deps, record).catch((error: unknown) =>
        deps.log(
          `Recovery: ${record.workflow} ${record.name} could not be resumed: ${(error as Error).message}`,
        ),
      ),
    ),
  );
  return records.length;
};
