import type { Bank } from '../../bank/bank.js';
import { InvalidCheckpointTransition } from '../../bank/checkpoint-repository.js';
import type { CheckpointRecord } from '../../bank/records.js';
import { recordOperationStart } from '../../karbor/operation-log-writer.js';
import { checkpointsToDelete } from '../../schedules/index.js';
import type { DeleteRequest } from '../delete/delete-run.js';

/**
 * The retention step of a `retention_protect` run, after its protect: the plan's `available`
 * checkpoints beyond `max_backups` or older than `retention_duration` days
 * (lib/schedules checkpointsToDelete, which never picks the newest available one) move to
 * `deleting`, each with a delete operation log, and are handed to the delete workflow. A re-run
 * of the same execution hands over the same ones again (the delete executions are named per
 * checkpoint, so they start once).
 */

export interface RetentionInput {
  readonly project_id: string;
  readonly scheduled_operation_id: string;
}

export interface RetentionOutcome {
  readonly deletes: DeleteRequest[];
}

const deleteRequestOf = (checkpoint: CheckpointRecord, trustId: string | null): DeleteRequest => ({
  project_id: checkpoint.project_id,
  checkpoint_id: checkpoint.id,
  provider_id: checkpoint.provider_id,
  plan_id: checkpoint.plan_id,
  operation_log_id:
    typeof checkpoint.extra_info.delete_log_id === 'string' ? checkpoint.extra_info.delete_log_id : null,
  trust_id: trustId,
});

export const applyRetention = async (
  bank: Bank,
  input: RetentionInput,
  executionId: string,
  now: Date,
): Promise<RetentionOutcome> => {
  const operation = await bank.scheduledOperations.get(input.project_id, input.scheduled_operation_id);
  if (!operation) return { deletes: [] };
  const definition = operation.operation_definition;
  const trustId = operation.trust_id ?? null;
  const checkpoints = (
    await bank.checkpoints.listByPlan(operation.project_id, definition.plan_id ?? '')
  ).filter((c) => !definition.provider_id || c.provider_id === definition.provider_id);
  const already = checkpoints.filter(
    (c) => c.status === 'deleting' && c.extra_info.deleted_by_retention === executionId,
  );
  const chosen = new Set(
    checkpointsToDelete(
      checkpoints,
      { max_backups: definition.max_backups, retention_duration: definition.retention_duration },
      now,
    ),
  );
  const deletes = already.map((c) => deleteRequestOf(c, trustId));
  for (const checkpoint of checkpoints.filter((c) => chosen.has(c.id))) {
    const log = await recordOperationStart(bank, {
      project_id: checkpoint.project_id,
      operation_type: 'delete',
      status: 'deleting',
      now,
      checkpoint_id: checkpoint.id,
      plan_id: checkpoint.plan_id,
      provider_id: checkpoint.provider_id,
      scheduled_operation_id: operation.id,
    });
    try {
      const deleting = await bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, 'deleting', {
        from: ['available'],
        changes: {
          extra_info: { ...checkpoint.extra_info, deleted_by_retention: executionId, delete_log_id: log.id },
        },
      });
      deletes.push(deleteRequestOf(deleting, trustId));
    } catch (error) {
      if (!(error instanceof InvalidCheckpointTransition)) throw error;
      // someone else moved it meanwhile (a user's delete): not ours to delete
      await bank.operationLogs.update(log.project_id, log.id, {
        status: 'available',
        ended_at: now.toISOString(),
        error_info: 'left to whoever changed it first',
      });
    }
  }
  return { deletes };
};
