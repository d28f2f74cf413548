import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/blocks/faulty-store.js';
import type { GcResult } from '../../lib/blocks/gc.js';
import { GC_SAFETY } from '../../lib/blocks/gc-safety.js';
import {
  checkpointsPrefix,
  chunksPrefix,
  hashOfChunkKey,
  isManifestKey,
} from '../../lib/blocks/key-layout.js';
import { Semaphore } from '../../lib/blocks/limiting-store.js';
import { decodeManifest, referencedHashes } from '../../lib/blocks/manifest.js';
import { openStore } from '../../lib/blocks/open-store.js';
import type { VerifyResult } from '../../lib/blocks/verify.js';
import { type Backend, expectOk, fileBackend, run, s3Backend } from '../support/mover-harness.js';

/**
 * Issue 16: backups that re-use blocks of deleted checkpoints while gc runs at random moments,
 * with the protocol's `brief` timing. Each round backs up volumes as checkpoints, deletes them,
 * lets gc condemn their blocks and waits past the margin, so the next gc may delete them; then
 * backs up new volumes built mostly from the same blocks while a gc loop starts runs at random
 * moments. Every backup that ends ok must verify clean and restore bit-identical; a backup that
 * fails (blocks gone under it, or too slow) is run again, as the workflow does.
 */
const project = 'p-gc';
const BLOCK = 4096;
const BLOCKS_PER_VOLUME = 24;
/** blocks of each trial's own that a deleted checkpoint holds (no other trial's manifest protects them) */
const OWN_BLOCKS = 16;
/** blocks every volume of a round may draw from (concurrent backups re-use each other's) */
const SHARED_BLOCKS = 8;
/** deleted checkpoints per round: together they hold every trial's own blocks and the shared ones */
const OLD_CHECKPOINTS = 8;
const TRIALS_PER_ROUND = 26;
const ROUNDS = 2;
/** when the first gc of a round starts after the backups did: while they put and re-use blocks */
const FIRST_GC_AFTER_MS = { min: 300, max: 2500 } as const;
/** mover jobs at once: enough to overlap, few enough for a small shared machine */
const JOBS_AT_ONCE = 6;
const SAFETY = GC_SAFETY.brief;
/** the list of a gc run must be older than the margin, and S3 times are whole seconds */
const PAST_MARGIN_MS = SAFETY.marginMs + 1100;

interface Stats {
  trials: number;
  okFirstTime: number;
  reruns: number;
  gcRuns: number;
  gcBusy: number;
  deletedDuringBackups: number;
  refreshedDuringBackups: number;
}

const gcOnce = async (store: string): Promise<GcResult | 'busy'> => {
  const summary = await run({ operation: 'gc', store, project, safety: 'brief' });
  if (summary.status === 'failed' && summary.error?.name === 'GcBusyError') return 'busy';
  return expectOk(summary).result as GcResult;
};

interface RoundBlocks {
  readonly own: readonly (readonly Buffer[])[];
  readonly shared: readonly Buffer[];
}

const roundBlocks = (): RoundBlocks => ({
  own: Array.from({ length: TRIALS_PER_ROUND }, () =>
    Array.from({ length: OWN_BLOCKS }, () => randomBytes(BLOCK)),
  ),
  shared: Array.from({ length: SHARED_BLOCKS }, () => randomBytes(BLOCK)),
});

/** A trial's volume: mostly its own old blocks (some twice), a few shared ones, one new block. */
const composeVolume = (blocks: RoundBlocks, trial: number, seed: number): Buffer => {
  const random = seededRandom(seed);
  const pick = (from: readonly Buffer[]) => from[Math.floor(random() * from.length)] as Buffer;
  const own = blocks.own[trial] ?? [];
  const drawn = Array.from({ length: BLOCKS_PER_VOLUME - 1 }, () =>
    random() < 0.8 ? pick(own) : pick(blocks.shared),
  );
  return Buffer.concat([...drawn, randomBytes(BLOCK)]);
};

/** A deleted checkpoint's volume: the own blocks of every trial in its group, and the shared ones. */
const oldVolume = (blocks: RoundBlocks, group: number): Buffer =>
  Buffer.concat([
    ...blocks.own.filter((_, trial) => trial % OLD_CHECKPOINTS === group).flat(),
    ...blocks.shared,
  ]);

describe.each([
  ['file', fileBackend],
  ['s3', s3Backend],
] as const)('gc running during backups on the %s store', (_name, makeBackend) => {
  let backend: Backend;
  let work: string;
  beforeAll(async () => {
    backend = makeBackend();
    work = await mkdtemp(join(tmpdir(), 'gc-concurrency-'));
  });
  afterAll(async () => {
    await backend?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  const slots = new Semaphore(JOBS_AT_ONCE);
  /** `brief` for the trials; the deleted checkpoints are set up before any gc runs, with `full` */
  const backup = (store: string, checkpointId: string, path: string, gcSafety = 'brief') =>
    slots.run(() =>
      run({
        operation: 'backup',
        store,
        project,
        checkpointId,
        resourceId: 'vol',
        source: { type: 'file', path },
        blockSize: BLOCK,
        gcSafety,
        tuning: { workers: 1, blocksInFlight: 4, journalIntervalSeconds: 0.05 },
      }),
    );

  /** Runs the backup until it ends ok (at most 5 runs); returns how many runs failed first. */
  const backupUntilOk = async (store: string, checkpointId: string, path: string): Promise<number> => {
    for (let failures = 0; failures < 5; failures++) {
      const summary = await backup(store, checkpointId, path);
      if (summary.status === 'ok') return failures;
      expect(['BlocksGoneError', 'BackupTooLongError']).toContain(summary.error?.name);
    }
    throw new Error(`backup ${checkpointId} failed 5 times`);
  };

  const checkVerifies = async (store: string, checkpointId: string) => {
    const checked = expectOk(
      await slots.run(() => run({ operation: 'verify', store, project, checkpointId, resourceId: 'vol' })),
    );
    expect((checked.result as VerifyResult).missing).toEqual([]);
    expect((checked.result as VerifyResult).ok).toBe(true);
  };

  const checkRestorable = async (store: string, checkpointId: string, volume: Buffer) => {
    await checkVerifies(store, checkpointId);
    const target = join(work, `${checkpointId}.out`);
    expectOk(
      await slots.run(() =>
        run({
          operation: 'restore',
          store,
          project,
          checkpointId,
          resourceId: 'vol',
          target: { type: 'file', path: target },
        }),
      ),
    );
    expect((await readFile(target)).equals(volume)).toBe(true);
  };

  /** Backs up volumes as checkpoints, deletes their manifests, and lets gc condemn their blocks. */
  const prepareDeletedCheckpoints = async (store: string, round: number, blocks: RoundBlocks) => {
    const raw = openStore(store);
    await Promise.all(
      Array.from({ length: OLD_CHECKPOINTS }, async (_, trial) => {
        const path = join(work, `old-${round}-${trial}.img`);
        await writeFile(path, oldVolume(blocks, trial));
        expectOk(await backup(store, `old-${round}-${trial}`, path, 'full'));
        await raw.delete(`${checkpointsPrefix(project)}old-${round}-${trial}/vol.manifest`);
      }),
    );
    expect(await gcOnce(store)).not.toBe('busy');
    await sleep(PAST_MARGIN_MS);
  };

  /** Starts gc runs at random moments until `done` settles. */
  const gcLoop = async (store: string, done: Promise<unknown>, stats: Stats) => {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    // the first run (the one that finds the old lists eligible) lands somewhere in the backups
    await sleep(FIRST_GC_AFTER_MS.min + Math.random() * (FIRST_GC_AFTER_MS.max - FIRST_GC_AFTER_MS.min));
    while (!finished) {
      const result = await gcOnce(store);
      stats.gcRuns++;
      if (result === 'busy') stats.gcBusy++;
      else {
        stats.deletedDuringBackups += result.blocksDeleted;
        stats.refreshedDuringBackups += result.blocksRefreshed;
      }
      await sleep(Math.random() * 250);
    }
  };

  const runRound = async (store: string, round: number, stats: Stats) => {
    const blocks = roundBlocks();
    await prepareDeletedCheckpoints(store, round, blocks);
    const volumes = await Promise.all(
      Array.from({ length: TRIALS_PER_ROUND }, async (_, trial) => {
        const volume = composeVolume(blocks, trial, round * 1000 + trial);
        const path = join(work, `new-${round}-${trial}.img`);
        await writeFile(path, volume);
        return { checkpointId: `new-${round}-${trial}`, path, volume };
      }),
    );
    const backups = Promise.all(
      volumes.map(({ checkpointId, path }) => backupUntilOk(store, checkpointId, path)),
    );
    await Promise.all([backups, gcLoop(store, backups, stats)]);
    for (const failures of await backups) {
      stats.trials++;
      if (failures === 0) stats.okFirstTime++;
      stats.reruns += failures;
    }
    await Promise.all(
      volumes.map(({ checkpointId, volume }) => checkRestorable(store, checkpointId, volume)),
    );
    return volumes;
  };

  const referencedByManifests = async (store: string): Promise<Set<string>> => {
    const raw = openStore(store);
    const live = new Set<string>();
    for await (const info of raw.list(checkpointsPrefix(project))) {
      if (!isManifestKey(info.key)) continue;
      for (const hash of referencedHashes(decodeManifest(await raw.get(info.key)))) live.add(hash);
    }
    return live;
  };

  const storedChunks = async (store: string): Promise<Set<string>> => {
    const chunks = new Set<string>();
    for await (const info of openStore(store).list(chunksPrefix(project))) {
      const hash = hashOfChunkKey(info.key);
      if (hash) chunks.add(hash);
    }
    return chunks;
  };

  it(`keeps every block of a backup that ends ok, over ${ROUNDS * TRIALS_PER_ROUND} trials, and still reclaims the rest`, async () => {
    const store = await backend.newStore();
    const stats: Stats = {
      trials: 0,
      okFirstTime: 0,
      reruns: 0,
      gcRuns: 0,
      gcBusy: 0,
      deletedDuringBackups: 0,
      refreshedDuringBackups: 0,
    };
    const kept: { checkpointId: string; volume: Buffer }[] = [];
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      kept.push(...(await runRound(store, round, stats)));
      console.info(
        `gc concurrency on ${backend.name}: round ${round} done at ${Math.round(performance.now() - started)} ms`,
      );
    }
    console.info(`gc concurrency on ${backend.name}: ${JSON.stringify(stats)}`);
    expect(stats.trials).toBeGreaterThanOrEqual(50);
    // the runs overlapped for real: gc deleted condemned blocks while the backups ran. Whether a
    // gc sweep also meets a block a backup refreshed depends on the machine's timing (seen: 0 on
    // a loaded CI machine, 89-255 elsewhere), so it is reported above, not required
    expect(stats.deletedDuringBackups).toBeGreaterThan(0);

    // once the backups are done, gc runs reclaim every block no checkpoint references
    const live = await referencedByManifests(store);
    const unreferenced = async () => [...(await storedChunks(store))].filter((hash) => !live.has(hash));
    for (let cycle = 0; cycle < 4 && (await unreferenced()).length > 0; cycle++) {
      if (cycle > 0) await sleep(PAST_MARGIN_MS);
      expect(await gcOnce(store)).not.toBe('busy');
    }
    expect(await storedChunks(store)).toEqual(live);
    await Promise.all(kept.map(({ checkpointId }) => checkVerifies(store, checkpointId)));
  }, 240_000);
});
