import { InvalidRetentionPolicy } from './errors.js';
import { parseTriggerTime } from './time-format.js';

/** What retention needs to know about a checkpoint (Karbor's list item fields). */
interface CheckpointSummary {
  readonly id: string;
  /** `YYYY-MM-DD` as Karbor returns it, or an ISO 8601 / Karbor date-time. */
  readonly created_at: string;
  readonly status: string;
}

/** The retention keys of a `retention_protect` operation_definition; values arrive as strings. */
interface RetentionPolicy {
  readonly max_backups?: string | number | null;
  readonly retention_duration?: string | number | null;
}

const dayMs = 86_400_000;

/** A positive integer limit, or undefined for "no limit" (absent, empty, or <= 0). */
const readLimit = (value: string | number | null | undefined, name: string): number | undefined => {
  if (value === undefined || value === null || String(value).trim() === '') return undefined;
  const text = String(value).trim();
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidRetentionPolicy(`${name}(${text}) is not an integer`);
  const limit = Number(text);
  return limit > 0 ? limit : undefined;
};

const createdAt = (text: string): number | undefined => {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()} 00:00:00` : text;
  return parseTriggerTime(date)?.getTime();
};

/**
 * The ids of checkpoints a `retention_protect` run deletes after protecting (karbor-api.md
 * §6): of the `available` checkpoints, newest first, those beyond `max_backups` and those
 * more than `retention_duration` whole days old at `now`. Safer than Karbor: the newest
 * available checkpoint is never deleted, and checkpoints in any other status or with an
 * unreadable created_at are neither deleted nor counted. Ties keep the input order.
 * Throws InvalidRetentionPolicy for a non-integer limit.
 */
const checkpointsToDelete = (
  checkpoints: readonly CheckpointSummary[],
  policy: RetentionPolicy,
  now: Date,
): string[] => {
  const maxBackups = readLimit(policy.max_backups, 'max_backups');
  const retentionDays = readLimit(policy.retention_duration, 'retention_duration');
  const available = checkpoints
    .filter((c) => c.status === 'available')
    .map((c) => ({ id: c.id, created: createdAt(c.created_at) }))
    .filter((c): c is { id: string; created: number } => c.created !== undefined)
    .sort((a, b) => b.created - a.created);
  return available
    .filter((c, index) => {
      if (index === 0) return false;
      if (maxBackups !== undefined && index >= maxBackups) return true;
      return retentionDays !== undefined && Math.floor((now.getTime() - c.created) / dayMs) > retentionDays;
    })
    .map((c) => c.id);
};

export { type CheckpointSummary, checkpointsToDelete, type RetentionPolicy };
