import type { BackupJob, BackupSourceSpec } from '../../../blocks/job-spec.js';
import { gcSafetySetting } from '../../gc/gc-safety-setting.js';
import type { ResourceRun } from '../../runs/resource-runs.js';
import { taskRuns } from '../../task-context.js';
import type { StepContext } from '../driver.js';

/** The mover job that backs up `source` as this run's resource, incrementally when a parent exists. */
export const backupJob = (
  context: StepContext,
  source: BackupSourceSpec,
  options: { resourceId?: string; blockSize?: number } = {},
): BackupJob => {
  const { run, workflow } = context;
  const parent = run.data.parent_checkpoint_id;
  const resourceId = options.resourceId ?? run.resource.id;
  return {
    operation: 'backup',
    store: context.store,
    project: workflow.project_id,
    checkpointId: workflow.checkpoint_id,
    resourceId,
    source,
    createdAt: workflow.started_at,
    ...(options.blockSize ? { blockSize: options.blockSize } : {}),
    ...(typeof parent === 'string' ? { parent: { checkpointId: parent, resourceId } } : {}),
    gcSafety: gcSafetySetting(),
    report: taskRuns().progressTarget(run),
  };
};

/** What a finished backup records in the run's result (the mover's final counts). */
export const moverResult = (run: ResourceRun) => ({
  manifest: true,
  parent_checkpoint_id: run.data.parent_checkpoint_id ?? null,
  bytes_total: run.progress?.bytesTotal ?? null,
  bytes_read: run.progress?.bytesRead ?? null,
  bytes_stored: run.progress?.bytesStored ?? null,
  bytes_skipped: run.progress?.bytesSkipped ?? null,
});
