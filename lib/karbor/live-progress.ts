import type { CheckpointRecord, RestoreRecord, VerificationRecord } from '../bank/records.js';
import { type ResourceRun, ResourceRunRepository } from '../workflows/runs/resource-runs.js';
import { runProgress } from '../workflows/runs/run-summary.js';
import type { ApiServices } from './api-services.js';

/**
 * Objects whose workflow is still running show its progress, read from the workflow's
 * resource runs in the Bank: a checkpoint gets `extra_info.progress`, a restore or
 * verification its live `resources_status` and `resources_reason`. Finished objects are
 * shown as stored; the workflow's bookkeeping keys never reach the API.
 */

const internalKeys = ['resource_keys', 'protect_started_at'];

const runsOf = (services: ApiServices, project: string, runId: string): Promise<ResourceRun[]> =>
  new ResourceRunRepository(services.bank.store).list(project, runId);

export const withLiveProgress = async (
  services: ApiServices,
  checkpoint: CheckpointRecord,
): Promise<CheckpointRecord> => {
  const extra = Object.fromEntries(
    Object.entries(checkpoint.extra_info).filter(([key]) => !internalKeys.includes(key)),
  );
  if (checkpoint.status !== 'protecting') return { ...checkpoint, extra_info: extra };
  const keys = checkpoint.extra_info.resource_keys;
  if (!Array.isArray(keys)) return { ...checkpoint, extra_info: extra };
  const runs = await runsOf(services, checkpoint.project_id, checkpoint.id);
  return { ...checkpoint, extra_info: { ...extra, progress: runProgress(runs, keys.length) } };
};

const runStatus = (run: ResourceRun): string =>
  run.status === 'running' ? (run.kind === 'restore' ? 'restoring' : 'verifying') : run.status;

export const withLiveResources = async <R extends RestoreRecord | VerificationRecord>(
  services: ApiServices,
  record: R,
): Promise<R> => {
  if (record.status !== 'in_progress') return record;
  const runs = await runsOf(services, record.project_id, record.id);
  if (runs.length === 0) return record;
  return {
    ...record,
    resources_status: Object.fromEntries(runs.map((run) => [run.resource_key, runStatus(run)])),
    resources_reason: Object.fromEntries(
      runs.filter((run) => run.reason).map((run) => [run.resource_key, run.reason as string]),
    ),
  };
};
