import type { ObjectInfo } from './chunk-store.js';
import type { CondemnedList } from './condemned.js';
import type { GcSafety } from './gc-safety.js';

/**
 * The decisions of the gc protocol (docs/gc.md), free of I/O so each can be tested alone.
 *
 * - `live`: a manifest or a running backup's journal references the chunk.
 * - `young`: unreferenced, but younger than the block grace: left for a later run.
 * - `condemn`: unreferenced, old, in no list: goes into this run's condemned list.
 * - `pending`: condemned by a list younger than the margin: a backup that started before that
 *   list was written may still rely on the chunk without knowing it is condemned.
 * - `candidate`: condemned by a list at least the margin old: may be deleted if its HEAD shows
 *   no refresh since `epoch` (the newest such list's epoch).
 */
type ChunkFate =
  | { readonly fate: 'live' | 'young' | 'condemn' | 'pending' }
  | { readonly fate: 'candidate'; readonly epoch: Date };

interface SweepContext {
  readonly live: ReadonlySet<string>;
  readonly lists: readonly CondemnedList[];
  /** wall-clock time at which this run started marking */
  readonly mark: Date;
  readonly safety: GcSafety;
}

const isEligible = (list: CondemnedList, context: SweepContext): boolean =>
  list.epoch.getTime() <= context.mark.getTime() - context.safety.marginMs;

const chunkFate = (hash: string, lastModified: Date, context: SweepContext): ChunkFate => {
  if (context.live.has(hash)) return { fate: 'live' };
  const condemnedBy = context.lists.filter((list) => list.hashes.has(hash));
  const eligible = condemnedBy.filter((list) => isEligible(list, context));
  if (eligible.length > 0) {
    const epoch = Math.max(...eligible.map((list) => list.epoch.getTime()));
    return { fate: 'candidate', epoch: new Date(epoch) };
  }
  if (condemnedBy.length > 0) return { fate: 'pending' };
  const age = context.mark.getTime() - lastModified.getTime();
  return { fate: age >= context.safety.blockGraceMs ? 'condemn' : 'young' };
};

/**
 * What to do with a candidate after its HEAD: `gone` (nothing to do), `refreshed` (a backup
 * touched or re-uploaded it since it was condemned: keep), `late` (the HEAD is older than the
 * delete window, so a refresh may have landed since: leave it to a later run), or `delete`.
 * `headSentAt` and `now` are monotonic milliseconds.
 */
type DeletionVerdict = 'gone' | 'refreshed' | 'late' | 'delete';

const deletionVerdict = (
  head: ObjectInfo | undefined,
  epoch: Date,
  timing: { readonly headSentAt: number; readonly now: number; readonly deleteWindowMs: number },
): DeletionVerdict => {
  if (head === undefined) return 'gone';
  if (head.lastModified.getTime() >= epoch.getTime()) return 'refreshed';
  if (timing.now - timing.headSentAt > timing.deleteWindowMs) return 'late';
  return 'delete';
};

export type { ChunkFate, DeletionVerdict, SweepContext };
export { chunkFate, deletionVerdict, isEligible };
