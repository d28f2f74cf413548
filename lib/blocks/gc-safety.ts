/**
 * The timing parameters of the gc protocol (docs/gc.md), one named set for each use (kopia
 * maintenance_safety.go). Backups and gc of one store must use the same set.
 */
interface GcSafety {
  /** an unreferenced chunk younger than this is not condemned yet (saves churn; not needed for safety) */
  readonly blockGraceMs: number;
  /** a journal segment younger than this marks a backup as running: the chunks it lists stay */
  readonly journalGraceMs: number;
  /**
   * a condemned list's chunks may be deleted once the list is this old; must exceed
   * `maxBackupMs` + clock skew between machines + S3's one-second time granularity + the
   * longest a manifest put takes
   */
  readonly marginMs: number;
  /** a backup that would write its manifest later than this after it started fails, resumably */
  readonly maxBackupMs: number;
  /** Δ: a backup checks the condemned chunks it refreshed only this long after the last refresh */
  readonly refreshSettleMs: number;
  /**
   * gc sends a deletion only this soon after the HEAD that allowed it; this plus the longest a
   * DELETE can take to land must stay below refreshSettleMs / 2
   */
  readonly deleteWindowMs: number;
  /** a gc lease older than this is taken over; a gc stops deleting after half of it */
  readonly leaseMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const GC_SAFETY = Object.freeze({
  /**
   * production: daily gc, so chunks go in the second run after they were condemned (≥ 20 h
   * later); backups get 16 h per run (a longer one resumes in a new run); a DELETE with the
   * gc retry policy (3 attempts, S3 request timeout 120 s) lands within 7 min < Δ/2
   */
  full: Object.freeze({
    blockGraceMs: 24 * HOUR,
    journalGraceMs: 48 * HOUR,
    marginMs: 20 * HOUR,
    maxBackupMs: 16 * HOUR,
    refreshSettleMs: 15 * MINUTE,
    deleteWindowMs: 30 * SECOND,
    leaseMs: 6 * HOUR,
  }),
  /** tests of the protocol: the same rules at a scale of seconds (backups of a few blocks) */
  brief: Object.freeze({
    blockGraceMs: 0,
    journalGraceMs: 5 * SECOND,
    marginMs: 5 * SECOND,
    maxBackupMs: 3500,
    refreshSettleMs: 600,
    deleteWindowMs: 100,
    leaseMs: 60 * SECOND,
  }),
  /** tests only: everything unreferenced goes in one run; a backup running meanwhile may lose blocks */
  none: Object.freeze({
    blockGraceMs: 0,
    journalGraceMs: 0,
    marginMs: 0,
    maxBackupMs: Number.POSITIVE_INFINITY,
    refreshSettleMs: 0,
    deleteWindowMs: Number.POSITIVE_INFINITY,
    leaseMs: 60 * SECOND,
  }),
} as const satisfies Record<string, GcSafety>);

type GcSafetyName = keyof typeof GC_SAFETY;

/** `none` drops the two-run protocol: what one run condemns it deletes at once */
const deletesAtOnce = (safety: GcSafety): boolean => safety.marginMs === 0;

export type { GcSafety, GcSafetyName };
export { deletesAtOnce, GC_SAFETY };
