import { type ChunkStore, NotFoundError } from './chunk-store.js';
import { type CondemnedList, readCondemnedLists, writeCondemnedList } from './condemned.js';
import { chunkFate, deletionVerdict, isEligible, type SweepContext } from './gc-decisions.js';
import { acquireGcLease } from './gc-lease.js';
import { deletesAtOnce, type GcSafety } from './gc-safety.js';
import { checkpointsPrefix, chunksPrefix, hashOfChunkKey, isManifestKey } from './key-layout.js';
import { Semaphore } from './limiting-store.js';
import { decodeManifest, referencedHashes } from './manifest.js';

class GcError extends Error {
  override name = 'GcError';
}

interface GcResult {
  readonly manifests: number;
  readonly activeJournals: number;
  readonly referencedBlocks: number;
  readonly blocksSeen: number;
  readonly blocksDeleted: number;
  readonly bytesDeleted: number;
  /** unreferenced blocks this run did not delete (young, condemned too recently, refreshed, late) */
  readonly blocksKept: number;
  /** blocks this run put on its condemned list */
  readonly blocksCondemned: number;
  /** condemned blocks a backup refreshed since: kept */
  readonly blocksRefreshed: number;
  /** deletions given up because their HEAD grew too old before the DELETE could be sent */
  readonly deletionsAbandoned: number;
  /** condemned lists found, and those processed and removed by this run */
  readonly condemnedLists: number;
  readonly condemnedListsPruned: number;
}

interface GcClock {
  /** wall-clock time (compared with the store's times) */
  readonly now: () => Date;
  /** monotonic milliseconds (deadlines within this run) */
  readonly monotonic: () => number;
}

interface GcDependencies {
  readonly store: ChunkStore;
  readonly safety: GcSafety;
  /** the mark time, for tests; default the clock's now */
  readonly now?: Date;
  readonly clock?: GcClock;
  readonly concurrency?: number;
  readonly dryRun?: boolean;
}

const systemClock: GcClock = { now: () => new Date(), monotonic: () => performance.now() };

/**
 * The object, or undefined when it went between the listing and the read (a finishing backup
 * clears its journal, a delete removes a manifest): safe to skip, since deletions never rest on
 * one listing (docs/gc.md).
 */
const readIfPresent = async (store: ChunkStore, key: string): Promise<Buffer | undefined> => {
  try {
    return await store.get(key);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
};

const journalHashes = (bytes: Buffer): string[] => {
  const parsed = JSON.parse(bytes.toString('utf8')) as { entries?: [number, string | null][] };
  return (parsed.entries ?? []).flatMap(([, hash]) => (hash ? [hash] : []));
};

/** Every block a manifest references or a young journal segment lists. */
const markLive = async (store: ChunkStore, project: string, safety: GcSafety, mark: Date) => {
  const live = new Set<string>();
  let manifests = 0;
  let activeJournals = 0;
  for await (const info of store.list(checkpointsPrefix(project))) {
    if (isManifestKey(info.key)) {
      let hashes: Set<string> | undefined;
      try {
        const bytes = await readIfPresent(store, info.key);
        hashes = bytes && referencedHashes(decodeManifest(bytes));
      } catch (cause) {
        throw new GcError(`cannot read ${info.key}; nothing was deleted`, { cause });
      }
      for (const hash of hashes ?? []) live.add(hash);
      manifests++;
    } else if (
      info.key.includes('.journal/') &&
      mark.getTime() - info.lastModified.getTime() < safety.journalGraceMs
    ) {
      try {
        const bytes = await readIfPresent(store, info.key);
        for (const hash of bytes ? journalHashes(bytes) : []) live.add(hash);
      } catch (cause) {
        throw new GcError(`cannot read journal ${info.key}; nothing was deleted`, { cause });
      }
      activeJournals++;
    }
  }
  return { live, manifests, activeJournals };
};

interface Candidate {
  readonly key: string;
  readonly size: number;
  readonly epoch: Date;
}

/** Sorts every chunk of the project by its fate: what to condemn now and what may go. */
const planSweep = async (store: ChunkStore, project: string, context: SweepContext) => {
  const condemn: Candidate[] = [];
  const candidates: Candidate[] = [];
  let blocksSeen = 0;
  let liveSeen = 0;
  for await (const info of store.list(chunksPrefix(project))) {
    const hash = hashOfChunkKey(info.key);
    if (hash === undefined) continue;
    blocksSeen++;
    const fate = chunkFate(hash, info.lastModified, context);
    if (fate.fate === 'candidate') candidates.push({ key: info.key, size: info.size, epoch: fate.epoch });
    else if (fate.fate === 'condemn') condemn.push({ key: info.key, size: info.size, epoch: context.mark });
    else if (fate.fate === 'live') liveSeen++;
  }
  return { condemn, candidates, blocksSeen, unreferenced: blocksSeen - liveSeen };
};

/**
 * Deletes each candidate that a HEAD right before shows unrefreshed since its list's epoch,
 * sending the DELETE within the delete window of that HEAD, and none after `stopAt`.
 */
const sweep = async (
  store: ChunkStore,
  candidates: readonly Candidate[],
  options: { safety: GcSafety; clock: GcClock; stopAt: number; concurrency: number },
) => {
  const { clock, safety } = options;
  const counts = { deleted: 0, bytes: 0, refreshed: 0, abandoned: 0 };
  const slots = new Semaphore(options.concurrency);
  await Promise.all(
    candidates.map((candidate) =>
      slots.run(async () => {
        const headSentAt = clock.monotonic();
        if (headSentAt > options.stopAt) {
          counts.abandoned++;
          return;
        }
        const head = await store.head(candidate.key);
        const verdict = deletionVerdict(head, candidate.epoch, {
          headSentAt,
          now: clock.monotonic(),
          deleteWindowMs: safety.deleteWindowMs,
        });
        if (verdict === 'refreshed') counts.refreshed++;
        if (verdict === 'late') counts.abandoned++;
        if (verdict !== 'delete') return;
        await store.delete(candidate.key);
        counts.deleted++;
        counts.bytes += candidate.size;
      }),
    ),
  );
  return counts;
};

/**
 * One gc run over a project (docs/gc.md): mark from manifests and running backups' journals;
 * condemn unreferenced chunks older than the block grace in one new list; delete the chunks of
 * lists older than the margin that are still unreferenced and were not refreshed since; prune
 * those lists. A manifest that cannot be read stops gc before anything is deleted. Runs of one
 * project take turns through a lease; backups never wait for gc.
 */
const runGc = async (project: string, deps: GcDependencies): Promise<GcResult> => {
  const clock = deps.clock ?? systemClock;
  const lease = deps.dryRun
    ? undefined
    : await acquireGcLease(deps.store, project, { leaseMs: deps.safety.leaseMs, now: clock.now() });
  try {
    return await collect(project, deps, clock);
  } finally {
    await lease?.release();
  }
};

const collect = async (project: string, deps: GcDependencies, clock: GcClock): Promise<GcResult> => {
  const { store, safety } = deps;
  const stopAt = clock.monotonic() + safety.leaseMs / 2;
  const mark = deps.now ?? clock.now();
  const lists = await readCondemnedLists(store, project);
  const { live, manifests, activeJournals } = await markLive(store, project, safety, mark);
  const plan = await planSweep(store, project, { live, lists, mark, safety });
  const atOnce = deletesAtOnce(safety);
  const farFuture = new Date(8.64e15);
  const candidates = atOnce
    ? [...plan.candidates, ...plan.condemn.map((c) => ({ ...c, epoch: farFuture }))]
    : plan.candidates;
  const processed = lists.filter((list) => isEligible(list, { live, lists, mark, safety }));
  if (deps.dryRun) return dryRunResult(plan, candidates, { manifests, activeJournals, live, lists });
  if (!atOnce && plan.condemn.length > 0) {
    const hashes = plan.condemn.flatMap((c) => hashOfChunkKey(c.key) ?? []);
    await writeCondemnedList(store, project, hashes, clock.now());
  }
  const swept = await sweep(store, candidates, {
    safety,
    clock,
    stopAt,
    concurrency: deps.concurrency ?? 16,
  });
  for (const list of processed) await store.delete(list.key);
  return {
    manifests,
    activeJournals,
    referencedBlocks: live.size,
    blocksSeen: plan.blocksSeen,
    blocksDeleted: swept.deleted,
    bytesDeleted: swept.bytes,
    blocksKept: plan.unreferenced - swept.deleted,
    blocksCondemned: plan.condemn.length,
    blocksRefreshed: swept.refreshed,
    deletionsAbandoned: swept.abandoned,
    condemnedLists: lists.length,
    condemnedListsPruned: processed.length,
  };
};

/** What a run would do, without HEADs, writes or deletions: candidates count as deleted. */
const dryRunResult = (
  plan: Awaited<ReturnType<typeof planSweep>>,
  candidates: readonly Candidate[],
  marked: { manifests: number; activeJournals: number; live: Set<string>; lists: CondemnedList[] },
): GcResult => ({
  manifests: marked.manifests,
  activeJournals: marked.activeJournals,
  referencedBlocks: marked.live.size,
  blocksSeen: plan.blocksSeen,
  blocksDeleted: candidates.length,
  bytesDeleted: candidates.reduce((sum, c) => sum + c.size, 0),
  blocksKept: plan.unreferenced - candidates.length,
  blocksCondemned: plan.condemn.length,
  blocksRefreshed: 0,
  deletionsAbandoned: 0,
  condemnedLists: marked.lists.length,
  condemnedListsPruned: 0,
});

export type { GcClock, GcDependencies, GcResult };
export { GcError, runGc };
