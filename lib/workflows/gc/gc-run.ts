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

/**
 * Projects per gc execution. Each project writes about 9 events into the execution's history
 * (25,000 at most) and about 650 bytes into its state (its item and its outcome; 256 KiB at
 * most), so one execution cannot hold thousands; the next page runs as a new execution.
 */
export const gcPageSize = 200;

/** Which page of the store's projects an execution collects (the daily schedule's `{}` is the first). */
export interface GcPageRequest {
  /** the name of the page-0 execution, shared by every page of one gc run */
  readonly run?: string;
  readonly page?: number;
  /** the last project of the previous page; projects are taken in sorted order */
  readonly after?: string | null;
}

export interface GcPlan {
  readonly projects: readonly GcItem[];
  readonly safety: GcSafetyName;
  readonly run: string;
  readonly page: number;
  /** the input of the execution that collects the next page, or null on the last page */
  readonly next: Required<GcPageRequest> | null;
  /** that execution's name */
  readonly next_name: string | null;
}

/** Up to `size` projects after `after`, in sorted order, and the last one when more follow. */
export const pageOfProjects = (
  projects: readonly string[],
  after: string | null | undefined,
  size: number,
): { page: string[]; last: string | null } => {
  const rest = [...projects].sort().filter((project) => !after || project > after);
  const page = rest.slice(0, size);
  return { page, last: rest.length > size ? (page.at(-1) ?? null) : null };
};

export class GcFailed extends Error {
  override name = 'GcFailed';
}

const jobNameOf = (executionName: string): string =>
  `gc-${executionName.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100)}`;

export const prepareGc = async (
  deps: { store: ChunkStore; storeUrl: string; projects: readonly string[] },
  executionName: string,
  safety: GcSafetyName,
  request: GcPageRequest = {},
  pageSize = gcPageSize,
): Promise<GcPlan> => {
  if (!(safety in GC_SAFETY)) throw new GcFailed(`unknown gc safety ${safety}`);
  const run = request.run ?? executionName;
  const pageNumber = request.page ?? 0;
  const { page, last } = pageOfProjects(deps.projects, request.after, pageSize);
  const projects = await Promise.all(
    page.map(async (project): Promise<GcItem> => {
      const key = jobKey(project, jobNameOf(run));
      const job: GcJob = { operation: 'gc', store: deps.storeUrl, project, safety };
      await deps.store.put(key, Buffer.from(JSON.stringify(job)));
      return {
        project_id: project,
        job_key: key,
        command: ['gc', '--job-store', deps.storeUrl, '--job-key', key, '--progress', 'none'],
      };
    }),
  );
  const next = last === null ? null : { run, page: pageNumber + 1, after: last };
  return {
    projects,
    safety,
    run,
    page: pageNumber,
    next,
    next_name: next === null ? null : `${run.slice(0, 64)}-page${next.page}`,
  };
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
