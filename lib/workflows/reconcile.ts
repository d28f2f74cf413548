import type { Bank } from '../bank/bank.js';
import { ConditionFailed } from '../bank/bank-errors.js';
import { InvalidCheckpointTransition } from '../bank/checkpoint-repository.js';
import { restoreAuthKey } from '../bank/keys.js';
import type { WorkflowName } from './orchestrator.js';
import { scheduledCheckpointId } from './protect/scheduled-checkpoint-id.js';
import { releaseAbandonedRuns } from './runs/abandoned-runs.js';
import { ResourceRunRepository, type RunKind } from './runs/resource-runs.js';
import { targetSession } from './task-context.js';

/**
 * The last line of defence behind the workflows' own Catch paths: when an execution ends
 * without success (failed outside a Catch, timed out, aborted by an operator), the object it
 * worked on must not stay `protecting`, `deleting` or `in_progress`. AWS calls this from an
 * EventBridge rule on execution status changes; local mode when an execution ends.
 */

export interface EndedExecution {
  readonly workflow: WorkflowName;
  readonly input: Readonly<Record<string, unknown>>;
  /** FAILED, TIMED_OUT or ABORTED */
  readonly status: string;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  /** the execution's ARN (`$$.Execution.Id`), from which a scheduled run without an occurrence named its checkpoint */
  readonly executionArn?: string | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

const reasonOf = (ended: EndedExecution): string =>
  `the ${ended.workflow} workflow ended ${ended.status.toLowerCase().replace('_', ' ')}` +
  (ended.error ? `: ${ended.error}${ended.cause ? ` (${ended.cause.slice(0, 500)})` : ''}` : '');

const ignoreSettled = (error: unknown): void => {
  // the object already left its running state: nothing to repair
  if (!(error instanceof ConditionFailed)) throw error;
};

const closeLog = async (
  bank: Bank,
  project: string,
  logId: string | undefined,
  status: string,
  reason: string,
  now: Date,
) => {
  if (!logId) return;
  await bank.operationLogs
    .update(
      project,
      logId,
      { status, ended_at: now.toISOString(), error_info: reason },
      {
        expression: 'attribute_exists(pk) AND attribute_type(ended_at, :null)',
        values: { ':null': 'NULL' },
      },
    )
    .catch(ignoreSettled);
};

/**
 * The checkpoint a protect execution worked on: the API's runs carry its id; a scheduled run
 * (or retention's child protect) made it in StartProtect under an id derived from the
 * operation and the occurrence (or, started by hand, the execution), so it is derived the same way.
 */
const checkpointOf = (ended: EndedExecution): string | undefined => {
  const given = text(ended.input.checkpoint_id);
  if (given || ended.workflow !== 'protect') return given;
  const operationId = text(ended.input.scheduled_operation_id);
  const occurrenceOrExecution = text(ended.input.occurrence) ?? ended.executionArn;
  return operationId && occurrenceOrExecution
    ? scheduledCheckpointId(operationId, occurrenceOrExecution)
    : undefined;
};

/** Deletes what a run's resources left in the cloud and marks them `error`; returns their keys. */
type ReleaseRuns = (runId: string, reason: string) => Promise<string[]>;

/**
 * The trust a run acted through: the API's runs carry it; a scheduled run's is on its
 * scheduled operation.
 */
const trustOf = async (bank: Bank, project: string, input: EndedExecution['input']) => {
  const given = text(input.trust_id);
  const operationId = text(input.scheduled_operation_id);
  if (given || !operationId) return given ?? null;
  return (await bank.scheduledOperations.get(project, operationId))?.trust_id ?? null;
};

const runKinds: Partial<Record<WorkflowName, RunKind>> = {
  protect: 'protect',
  restore: 'restore',
  verify: 'verify',
};

/** The default release: the run's resource items in the Bank, temporaries deleted as the run's user. */
const releaseThroughBank =
  (bank: Bank, ended: EndedExecution, project: string): ReleaseRuns =>
  async (runId, reason) => {
    const kind = runKinds[ended.workflow];
    if (!kind) return [];
    const trust = trustOf(bank, project, ended.input);
    const restoreTarget = text(ended.input.restore_target) ?? null;
    const session = async () =>
      targetSession({
        kind,
        project_id: project,
        run_id: runId,
        trust_id: await trust,
        restore_target: restoreTarget,
      });
    return releaseAbandonedRuns(
      { runs: new ResourceRunRepository(bank.store), session },
      project,
      runId,
      reason,
    );
  };

/** Releasing is best effort: a cloud that cannot be reached must not keep the object running. */
const releaseQuietly = async (release: ReleaseRuns, runId: string, reason: string): Promise<string> => {
  try {
    const released = await release(runId, reason);
    return released.length > 0 ? `; released ${released.join(', ')}` : '';
  } catch (error) {
    return `; could not release its resources: ${(error as Error).message}`;
  }
};

/** Returns what it changed, for logs: e.g. `checkpoint <id> → error`, or nothing. */
export const reconcileEndedExecution = async (
  bank: Bank,
  ended: EndedExecution,
  now: Date = new Date(),
  release?: ReleaseRuns,
): Promise<string | undefined> => {
  if (ended.status === 'SUCCEEDED') return undefined;
  const project = text(ended.input.project_id);
  if (!project) return undefined;
  const reason = reasonOf(ended);
  const releaseRuns = release ?? releaseThroughBank(bank, ended, project);
  const checkpointId = checkpointOf(ended);
  if ((ended.workflow === 'protect' || ended.workflow === 'delete') && checkpointId) {
    const [from, to] =
      ended.workflow === 'protect'
        ? (['protecting', 'error'] as const)
        : (['deleting', 'error-deleting'] as const);
    const checkpoint = await bank.checkpoints.get(project, checkpointId);
    if (checkpoint?.status !== from) return undefined;
    const logId = text(ended.input.operation_log_id) ?? text(checkpoint.extra_info.operation_log_id);
    const released =
      ended.workflow === 'protect' ? await releaseQuietly(releaseRuns, checkpointId, reason) : '';
    try {
      await bank.checkpoints.transition(project, checkpointId, to, {
        from: [from],
        changes: { extra_info: { ...checkpoint.extra_info, fail_reason: reason } },
      });
    } catch (error) {
      if (error instanceof InvalidCheckpointTransition) return undefined;
      throw error;
    }
    await closeLog(bank, project, logId, to, reason, now);
    return `checkpoint ${checkpointId} → ${to}${released}`;
  }
  const runId = text(ended.input.restore_id) ?? text(ended.input.verification_id);
  if ((ended.workflow === 'restore' || ended.workflow === 'verify') && runId) {
    const collection = ended.workflow === 'restore' ? bank.restores : bank.verifications;
    try {
      await collection.update(
        project,
        runId,
        { status: 'fail' },
        {
          expression: '#status = :running',
          names: { '#status': 'status' },
          values: { ':running': 'in_progress' },
        },
      );
    } catch (error) {
      ignoreSettled(error);
      return undefined;
    }
    await closeLog(bank, project, text(ended.input.operation_log_id), 'fail', reason, now);
    const released = await releaseQuietly(releaseRuns, runId, reason);
    if (ended.workflow === 'restore') await bank.store.delete(restoreAuthKey(project, runId));
    return `${ended.workflow} ${runId} → fail${released}`;
  }
  return undefined;
};
