/**
 * How long GC leaves unreferenced objects alone (kopia maintenance_safety.go). A block younger
 * than `blockGraceMs` may belong to a backup whose manifest is not written yet, so it must be
 * longer than any backup runs; a journal segment younger than `journalGraceMs` marks a backup
 * as running, and the blocks it lists stay.
 */
interface GcSafety {
  readonly blockGraceMs: number;
  readonly journalGraceMs: number;
}

const HOUR = 3_600_000;

const GC_SAFETY = Object.freeze({
  /** production: a day of grace for blocks, two days for running backups' journals */
  full: Object.freeze({ blockGraceMs: 24 * HOUR, journalGraceMs: 48 * HOUR }),
  /** tests only: everything unreferenced goes at once */
  none: Object.freeze({ blockGraceMs: 0, journalGraceMs: 0 }),
} as const satisfies Record<string, GcSafety>);

type GcSafetyName = keyof typeof GC_SAFETY;

export type { GcSafety, GcSafetyName };
export { GC_SAFETY };
