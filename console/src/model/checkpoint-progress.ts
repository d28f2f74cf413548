import type { Checkpoint } from '../api/karbor-types.js';

/**
 * What a checkpoint's `extra_info` (a JSON string, as Karbor) tells about its backup — the
 * progress contract of the protect workflow: while protecting `progress` (percent, bytes and
 * resources done of total), when finished the sizes and duration, on error `fail_reason`.
 */

export interface ProtectProgress {
  /** 0–100, or undefined while the workflow has not reported yet. */
  readonly percent: number | undefined;
  readonly bytesTotal: number | undefined;
  readonly bytesDone: number | undefined;
  readonly resourcesTotal: number | undefined;
  readonly resourcesDone: number | undefined;
}

export interface CheckpointFacts {
  readonly createdBy: string | undefined;
  readonly progress: ProtectProgress | undefined;
  readonly sizeBytes: number | undefined;
  readonly bytesRead: number | undefined;
  readonly bytesStored: number | undefined;
  readonly bytesSkipped: number | undefined;
  readonly durationSeconds: number | undefined;
  readonly failReason: string | undefined;
}

const number = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

const readExtraInfo = (extraInfo: string | null): Record<string, unknown> => {
  if (!extraInfo) return {};
  try {
    const parsed = JSON.parse(extraInfo) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

const readProgress = (raw: unknown): ProtectProgress | undefined => {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  const bytesTotal = number(p.bytes_total);
  const bytesDone = number(p.bytes_done);
  const resourcesTotal = number(p.resources_total);
  const resourcesDone = number(p.resources_done);
  let percent = number(p.percent);
  if (percent === undefined && bytesTotal && bytesDone !== undefined)
    percent = (100 * bytesDone) / bytesTotal;
  if (percent === undefined && resourcesTotal && resourcesDone !== undefined)
    percent = (100 * resourcesDone) / resourcesTotal;
  return {
    percent: percent === undefined ? undefined : clampPercent(percent),
    bytesTotal,
    bytesDone,
    resourcesTotal,
    resourcesDone,
  };
};

export const checkpointFacts = (checkpoint: Pick<Checkpoint, 'extra_info'>): CheckpointFacts => {
  const info = readExtraInfo(checkpoint.extra_info);
  return {
    createdBy: typeof info.created_by === 'string' ? info.created_by : undefined,
    progress: readProgress(info.progress),
    sizeBytes: number(info.size_bytes),
    bytesRead: number(info.bytes_read),
    bytesStored: number(info.bytes_stored),
    bytesSkipped: number(info.bytes_skipped),
    durationSeconds: number(info.duration_seconds),
    failReason: typeof info.fail_reason === 'string' ? info.fail_reason : undefined,
  };
};

/** The bar's value: the reported percent while protecting, 100 once available. */
export const progressPercent = (
  checkpoint: Pick<Checkpoint, 'status' | 'extra_info'>,
): number | undefined => {
  if (checkpoint.status === 'available') return 100;
  if (checkpoint.status !== 'protecting') return undefined;
  return checkpointFacts(checkpoint).progress?.percent;
};

/** Plain words for a failed backup; the raw reason is shown beside it. */
export const explainFailure = (reason: string | undefined): string => {
  if (reason === undefined) return 'The backup failed; no reason was recorded.';
  if (/workflow is not installed/i.test(reason)) {
    return 'Backups cannot run yet: the protection workflow is not installed on this service. Your plan is saved; ask your administrator when backups will be available.';
  }
  if (/timed? ?out/i.test(reason)) return 'The backup took too long and was stopped.';
  return 'The backup failed.';
};

export const isBusy = (status: string): boolean => status === 'protecting' || status === 'deleting';
