import type { ChunkStore } from '../../blocks/chunk-store.js';
import { GC_SAFETY, type GcSafetyName } from '../../blocks/gc-safety.js';
import type { GcJob } from '../../blocks/job-spec.js';
import { jobKey } from '../../blocks/key-layout.js';

/**
 * The gc workflow's tasks: one mover `gc` job (the two-phase protocol of docs/gc.md,
 * lib/blocks/gc.ts) per project that has data in the block store, handed over through the
 * store's `jobs/` like every mover job; then the jobs are removed and failures reported.
 */

export interface GcItem {
  readonly project_id: string;
  readonly job_key: string;
  readonly command: readonly string[];
}

export interface GcPlan {
  readonly projects: readonly GcItem[];
  readonly safety: GcSafetyName;
}

export class GcFailed extends Error {
  override name = 'GcFailed';
}

const jobNameOf = (executionName: string): string =>
  `gc-${executionName.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100)}`;

export const prepareGc = async (
  deps: { store: ChunkStore; storeUrl: string; projects: readonly string[] },
  executionName: string,
  safety: GcSafetyName,
): Promise<GcPlan> => {
  if (!(safety in GC_SAFETY)) throw new GcFailed(`unknown gc safety ${safety}`);
  const projects = await Promise.all(
    deps.projects.map(async (project): Promise<GcItem> => {
      const key = jobKey(project, jobNameOf(executionName));
      const job: GcJob = { operation: 'gc', store: deps.storeUrl, project, safety };
      await deps.store.put(key, Buffer.from(JSON.stringify(job)));
      return {
        project_id: project,
        job_key: key,
        command: ['gc', '--job-store', deps.storeUrl, '--job-key', key, '--progress', 'none'],
      };
    }),
  );
  return { projects, safety };
};

export interface GcOutcome {
  readonly project_id: string;
  readonly job_key: string;
  /** `{ok: true}`, or the mover task's error as Step Functions recorded it */
  readonly mover: { readonly ok?: boolean; readonly Error?: string; readonly Cause?: string };
}

export const finishGc = async (
  store: ChunkStore,
  outcomes: readonly GcOutcome[],
): Promise<{ projects: number; failed: number; failed_projects: string[] }> => {
  await Promise.all(outcomes.map((outcome) => store.delete(outcome.job_key)));
  const failed = outcomes.filter((outcome) => outcome.mover.ok !== true).map((o) => o.project_id);
  return { projects: outcomes.length, failed: failed.length, failed_projects: failed };
};
