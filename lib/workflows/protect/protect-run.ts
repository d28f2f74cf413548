import type { Bank } from '../../bank/bank.js';
import { InvalidCheckpointTransition } from '../../bank/checkpoint-repository.js';
import type { CheckpointRecord } from '../../bank/records.js';
import { handlesOf, type ResourceHandle, runWaves } from '../resource-handles.js';
import { type ResourceRunRepository, resourceKeyOf } from '../runs/resource-runs.js';
import { failureReasons, runTotals } from '../runs/run-summary.js';
import type { FinishOptions } from '../states-error.js';
import type { WorkflowContext } from '../workflow-context.js';

/**
 * The first and last task of the protect workflow. Start turns the checkpoint's resource graph
 * into waves for the state machine's Maps; finish reads every resource's outcome from the Bank
 * and moves the checkpoint to `available` only if all of them are, else to `error` with the
 * reasons, and closes the operation log.
 */

export interface ProtectRequest {
  readonly project_id: string;
  readonly checkpoint_id: string;
  readonly provider_id: string;
  readonly plan_id: string;
  readonly operation_log_id: string | null;
  readonly trust_id?: string | null;
}

export interface ProtectStart {
  readonly context: WorkflowContext;
  /** where each resource sits, not the resource: the state payload stays small (resource-handles.ts) */
  readonly waves: ResourceHandle[][];
}

export class CheckpointGone extends Error {
  override name = 'CheckpointGone';
}

export const startProtect = async (bank: Bank, request: ProtectRequest, now: Date): Promise<ProtectStart> => {
  const checkpoint = await bank.checkpoints.get(request.project_id, request.checkpoint_id);
  if (!checkpoint) throw new CheckpointGone(`checkpoint ${request.checkpoint_id} does not exist`);
  if (checkpoint.status !== 'protecting')
    throw new CheckpointGone(`checkpoint ${checkpoint.id} is ${checkpoint.status}, not protecting`);
  const waves = runWaves('protect', checkpoint.resource_graph);
  const startedAt =
    typeof checkpoint.extra_info.protect_started_at === 'string'
      ? checkpoint.extra_info.protect_started_at
      : now.toISOString();
  await bank.checkpoints.update(checkpoint.project_id, checkpoint.id, {
    extra_info: {
      ...checkpoint.extra_info,
      protect_started_at: startedAt,
      resource_keys: waves.flat().map(resourceKeyOf),
    },
  });
  return {
    context: {
      kind: 'protect',
      project_id: checkpoint.project_id,
      provider_id: checkpoint.provider_id,
      checkpoint_id: checkpoint.id,
      run_id: checkpoint.id,
      plan_id: checkpoint.plan_id,
      operation_log_id: request.operation_log_id,
      trust_id: request.trust_id ?? null,
      started_at: startedAt,
    },
    waves: handlesOf(waves),
  };
};

const resourceKeysOf = (checkpoint: CheckpointRecord): string[] =>
  Array.isArray(checkpoint.extra_info.resource_keys) ? (checkpoint.extra_info.resource_keys as string[]) : [];

export const finishProtect = async (
  bank: Bank,
  runs: ResourceRunRepository,
  context: WorkflowContext,
  now: Date,
  options: FinishOptions = {},
): Promise<{ status: 'available' | 'error' }> => {
  const checkpoint = await bank.checkpoints.get(context.project_id, context.checkpoint_id);
  if (!checkpoint) throw new CheckpointGone(`checkpoint ${context.checkpoint_id} does not exist`);
  const resourceRuns = await runs.list(context.project_id, context.run_id);
  const reasons = [
    ...(options.workflowError ? [options.workflowError] : []),
    ...failureReasons(resourceRuns, resourceKeysOf(checkpoint)),
  ];
  const status = reasons.length === 0 ? 'available' : 'error';
  const duration = (now.getTime() - Date.parse(context.started_at)) / 1000;
  const { resource_keys: _keys, ...kept } = checkpoint.extra_info;
  const extra = {
    ...kept,
    ...runTotals(resourceRuns),
    duration_seconds: Math.round(duration * 10) / 10,
    ...(status === 'error' ? { fail_reason: reasons.join('; ') } : {}),
  };
  try {
    await bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, status, {
      from: ['protecting'],
      changes: { extra_info: extra },
    });
  } catch (error) {
    // a re-run after the checkpoint already ended (or an admin reset it) changes nothing
    if (!(error instanceof InvalidCheckpointTransition)) throw error;
  }
  if (context.operation_log_id)
    await bank.operationLogs.update(context.project_id, context.operation_log_id, {
      status,
      ended_at: now.toISOString(),
      error_info: status === 'error' ? reasons.join('; ') : null,
      extra_info: JSON.stringify({ bytes_read: extra.bytes_read, bytes_stored: extra.bytes_stored }),
    });
  return { status };
};
