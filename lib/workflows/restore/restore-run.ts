import type { Bank } from '../../bank/bank.js';
import { ConditionFailed } from '../../bank/bank-errors.js';
import { restoreAuthKey } from '../../bank/keys.js';
import type { CheckpointRecord, RestoreRecord } from '../../bank/records.js';
import type { KeystoneSession } from '../../openstack/session.js';
import { handlesOf, type ResourceHandle, runWaves } from '../resource-handles.js';
import type { ResourceRunRepository } from '../runs/resource-runs.js';
import type { FinishOptions } from '../states-error.js';
import { wavesOfPackedGraph } from '../waves.js';
import type { WorkflowContext } from '../workflow-context.js';
import { restoreOutcome } from './restore-outcome.js';

/**
 * The first and last task of the restore workflow. Start checks the restore and its checkpoint
 * and orders the checkpoint's resources into waves (networks, then images and volumes, then
 * servers, the project last); finish reads every resource's run and moves the restore to
 * `success` only if every resource was restored, else to `fail`, fills `resources_status` and
 * `resources_reason`, closes the operation log and deletes the restore-target credentials.
 */

export interface RestoreRequest {
  readonly project_id: string;
  readonly restore_id: string;
  readonly checkpoint_id: string;
  readonly provider_id: string;
  readonly operation_log_id: string | null;
  readonly trust_id?: string | null;
}

export interface RestoreStart {
  readonly context: WorkflowContext;
  /** where each resource sits, not the resource: the state payload stays small (resource-handles.ts) */
  readonly waves: ResourceHandle[][];
}

/** The restore cannot run: its record or checkpoint is missing or in the wrong state. */
export class RestoreNotRunnable extends Error {
  override name = 'RestoreNotRunnable';
}

const findCheckpoint = async (bank: Bank, project: string, id: string) =>
  (await bank.checkpoints.get(project, id)) ?? (await bank.checkpoints.findAnywhere(id));

const checkCheckpoint = (
  restore: RestoreRecord,
  checkpoint: CheckpointRecord | undefined,
): CheckpointRecord => {
  if (!checkpoint) throw new RestoreNotRunnable(`checkpoint ${restore.checkpoint_id} does not exist`);
  if (checkpoint.status !== 'available')
    throw new RestoreNotRunnable(`checkpoint ${checkpoint.id} is ${checkpoint.status}, not available`);
  if (checkpoint.provider_id !== restore.provider_id)
    throw new RestoreNotRunnable(
      `checkpoint ${checkpoint.id} belongs to provider ${checkpoint.provider_id}, not ${restore.provider_id}`,
    );
  return checkpoint;
};

export interface RestoreStartDependencies {
  readonly bank: Bank;
  /** the target session, opened once so that bad restore_auth fails the restore here */
  readonly targetSession: (context: WorkflowContext) => Promise<KeystoneSession>;
}

export const startRestore = async (
  deps: RestoreStartDependencies,
  request: RestoreRequest,
  now: Date,
): Promise<RestoreStart> => {
  const restore = await deps.bank.restores.get(request.project_id, request.restore_id);
  if (!restore) throw new RestoreNotRunnable(`restore ${request.restore_id} does not exist`);
  if (restore.status !== 'in_progress')
    throw new RestoreNotRunnable(`restore ${restore.id} is ${restore.status}, not in_progress`);
  const checkpoint = checkCheckpoint(
    restore,
    await findCheckpoint(deps.bank, restore.project_id, restore.checkpoint_id),
  );
  const context: WorkflowContext = {
    kind: 'restore',
    project_id: restore.project_id,
    provider_id: restore.provider_id,
    checkpoint_id: checkpoint.id,
    run_id: restore.id,
    plan_id: checkpoint.plan_id,
    operation_log_id: request.operation_log_id,
    trust_id: request.trust_id ?? null,
    started_at: now.toISOString(),
    checkpoint_project_id: checkpoint.project_id,
    restore_target: restore.restore_target,
  };
  if (context.restore_target) await deps.targetSession(context);
  return { context, waves: handlesOf(runWaves('restore', checkpoint.resource_graph)) };
};

export const finishRestore = async (
  bank: Bank,
  runs: ResourceRunRepository,
  context: WorkflowContext,
  now: Date,
  options: FinishOptions = {},
): Promise<{ status: 'success' | 'fail' }> => {
  const restore = await bank.restores.get(context.project_id, context.run_id);
  const checkpoint = restore
    ? await findCheckpoint(bank, context.checkpoint_project_id ?? context.project_id, restore.checkpoint_id)
    : undefined;
  const expected = wavesOfPackedGraph(checkpoint?.resource_graph ?? null).flat();
  const outcome = restoreOutcome(await runs.list(context.project_id, context.run_id), expected, {
    workflowError: options.workflowError,
  });
  if (restore) {
    try {
      await bank.restores.update(
        restore.project_id,
        restore.id,
        {
          status: outcome.status,
          resources_status: outcome.resources_status,
          resources_reason: outcome.resources_reason,
        },
        {
          expression: '#status = :running',
          names: { '#status': 'status' },
          values: { ':running': 'in_progress' },
        },
      );
    } catch (error) {
      // a re-run after the restore already ended changes nothing
      if (!(error instanceof ConditionFailed)) throw error;
    }
  }
  if (context.operation_log_id)
    await bank.operationLogs.update(context.project_id, context.operation_log_id, {
      status: outcome.status,
      ended_at: now.toISOString(),
      error_info: outcome.status === 'fail' ? outcome.reasons.join('; ') : null,
    });
  await bank.store.delete(restoreAuthKey(context.project_id, context.run_id));
  return { status: outcome.status };
};
