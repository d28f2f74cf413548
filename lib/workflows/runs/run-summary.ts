import type { ResourceRun } from './resource-runs.js';

/**
 * What the API shows of a run in progress and what a finished run records: counts of
 * resources and bytes, summed over its resource runs.
 */

export interface RunProgress {
  readonly percent: number;
  readonly resources_total: number;
  readonly resources_done: number;
  readonly bytes_total: number;
  readonly bytes_done: number;
}

const fractionDone = (run: ResourceRun): number => {
  if (run.status !== 'running') return 1;
  const progress = run.progress;
  if (!progress || progress.bytesTotal <= 0) return 0;
  return Math.min(1, (progress.bytesRead + progress.bytesSkipped) / progress.bytesTotal);
};

/** Progress of a run of `total` resources; 100 only once every resource has ended. */
export const runProgress = (runs: readonly ResourceRun[], total: number): RunProgress => {
  const resourcesDone = runs.filter((run) => run.status !== 'running').length;
  const fractions = runs.reduce((sum, run) => sum + fractionDone(run), 0);
  const exact = total > 0 ? (100 * fractions) / total : 100;
  const percent = resourcesDone >= total ? 100 : Math.min(99, Math.floor(exact));
  return {
    percent,
    resources_total: total,
    resources_done: resourcesDone,
    bytes_total: runs.reduce((sum, run) => sum + (run.progress?.bytesTotal ?? 0), 0),
    bytes_done: runs.reduce(
      (sum, run) => sum + (run.progress ? run.progress.bytesRead + run.progress.bytesSkipped : 0),
      0,
    ),
  };
};

export interface RunTotals {
  readonly bytes_read: number;
  readonly bytes_stored: number;
  readonly bytes_skipped: number;
  readonly size_bytes: number;
}

export const runTotals = (runs: readonly ResourceRun[]): RunTotals => ({
  bytes_read: runs.reduce((sum, run) => sum + (run.progress?.bytesRead ?? 0), 0),
  bytes_stored: runs.reduce((sum, run) => sum + (run.progress?.bytesStored ?? 0), 0),
  bytes_skipped: runs.reduce((sum, run) => sum + (run.progress?.bytesSkipped ?? 0), 0),
  size_bytes: runs.reduce((sum, run) => sum + (run.progress?.bytesTotal ?? 0), 0),
});

/** `type id: reason` of every resource that did not end `available`, and of those never run. */
export const failureReasons = (runs: readonly ResourceRun[], expectedKeys: readonly string[]): string[] => {
  const byKey = new Map(runs.map((run) => [run.resource_key, run]));
  return expectedKeys.flatMap((key) => {
    const run = byKey.get(key);
    if (!run) return [`${key.replace('#', ' ')}: was not processed`];
    if (run.status === 'available') return [];
    return [`${key.replace('#', ' ')}: ${run.reason ?? run.status}`];
  });
};
