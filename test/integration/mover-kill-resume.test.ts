import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPrefix, manifestKey } from '../../lib/blocks/key-layout.js';
import { openStore } from '../../lib/blocks/open-store.js';
import type { MoverSummary } from '../../lib/blocks/run-job.js';
import { buildTestBundle, lastJsonLine, runCli } from '../support/mover-bundle.js';
import { createTestBucket } from '../support/s3-bucket.js';
import { writeVolume } from '../support/volumes.js';

const SIZE = (24 << 20) + 777;
const BLOCK = 128 << 10;
const LONG_SIZE = 64 << 20;
const project = 'p-kill';

let work: string;
let bundle: Awaited<ReturnType<typeof buildTestBundle>>;
let volume: string;

/** mulberry32 with a fixed seed: the kill times differ per run but the test is reproducible */
const random = (() => {
  let state = 20261122;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
})();

const jobFor = (store: string) => ({
  operation: 'backup',
  store,
  project,
  checkpointId: 'cp-kill',
  resourceId: 'vol',
  blockSize: BLOCK,
  createdAt: '2026-11-22T00:00:00Z',
  source: { type: 'file', path: volume },
  tuning: { journalIntervalSeconds: 0.02, blocksInFlight: 4, workers: 2 },
});

/** Every file under a file store's root, temp files included (a store listing hides those). */
const filesUnder = async (root: string): Promise<string[]> =>
  (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

/** Chunk files that were durable for at least `ms` when the backup was killed at `killedAt`. */
const chunksDurableFor = async (root: string, killedAt: number, ms: number): Promise<number> => {
  let count = 0;
  for (const file of await filesUnder(root))
    if (file.includes('/chunks/') && !file.includes('.tmp-') && (await stat(file)).mtimeMs <= killedAt - ms)
      count++;
  return count;
};

const journalEntries = async (store: string): Promise<number> => {
  const raw = openStore(store);
  const indices = new Set<number>();
  for await (const info of raw.list(journalPrefix(project, 'cp-kill', 'vol'))) {
    const segment = JSON.parse((await raw.get(info.key)).toString()) as {
      entries: [number, string | null][];
    };
    for (const [index] of segment.entries) indices.add(index);
  }
  return indices.size;
};

const backupWithKills = async (store: string, kills: number[]) => {
  const jobFile = join(work, `job-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(jobFile, JSON.stringify(jobFor(store)));
  let killed = 0;
  for (const at of kills) {
    const run = await runCli(bundle.cli, ['backup', '--job', jobFile, '--progress', 'none'], {
      killAfterMs: at,
    });
    if (run.signal === 'SIGKILL') killed++;
    else expect(run.code, run.stderr).toBe(0);
  }
  const journaled = await journalEntries(store);
  const final = await runCli(bundle.cli, ['backup', '--job', jobFile, '--progress', 'none']);
  expect(final.code, final.stderr).toBe(0);
  expect(final.stdout.trim().split('\n')).toHaveLength(1); // the summary line and nothing else
  const summary = lastJsonLine<MoverSummary>(final.stdout).summary;
  const manifest = await openStore(store).get(manifestKey(project, 'cp-kill', 'vol'));
  return { summary, manifest, killed, journaled };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mover-kill-'));
  bundle = await buildTestBundle();
  volume = join(work, 'volume.img');
  await writeVolume(volume, 'os-like', SIZE, 'kill');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await bundle.remove();
});

describe('a mover killed with SIGKILL at random points', () => {
  let reference: Buffer;
  let blockCount: number;
  /** how long an uninterrupted run takes, start-up included: kills fall inside it */
  let durationMs: number;

  beforeAll(async () => {
    const store = `file://${await mkdtemp(join(work, 'ref-'))}`;
    const started = performance.now();
    const uninterrupted = await backupWithKills(store, []);
    durationMs = performance.now() - started;
    reference = uninterrupted.manifest;
    blockCount = (uninterrupted.summary.result as { blockCount: number }).blockCount;
  });

  it('resumes to a manifest identical to an uninterrupted run, 20 times, without redoing journaled blocks', async () => {
    let killedRuns = 0;
    let resumedBlocks = 0;
    for (let run = 0; run < 20; run++) {
      const store = `file://${await mkdtemp(join(work, `run-${run}-`))}`;
      // one or two kills, each at a random time within the backup's usual duration
      const kills = Array.from(
        { length: 1 + Math.floor(random() * 2) },
        () => 40 + Math.floor(random() * Math.max(60, durationMs * 0.85 - 40)),
      );
      const { summary, manifest, killed, journaled } = await backupWithKills(store, kills);
      expect(manifest.equals(reference), `run ${run} (kills at ${kills.join(', ')} ms)`).toBe(true);
      const result = summary.result as {
        blocksResumed: number;
        blocksUploaded: number;
        alreadyComplete: boolean;
      };
      if (result.alreadyComplete) {
        // killed after the manifest was written: the rerun only tidies the journal up
        expect(result.blocksUploaded).toBe(0);
      } else {
        expect(result.blocksResumed).toBe(journaled);
        expect(result.blocksUploaded).toBeLessThanOrEqual(blockCount - journaled);
      }
      // a put killed half-way leaves only a temp file, which no reader ever sees as an object
      const root = new URL(store).pathname;
      const files = await filesUnder(root);
      expect(files.filter((file) => file.includes('.tmp-') || file.includes('.journal/'))).toEqual([]);
      killedRuns += killed;
      resumedBlocks += journaled;
      await rm(root, { recursive: true, force: true });
    }
    expect(killedRuns).toBeGreaterThanOrEqual(20);
    expect(resumedBlocks).toBeGreaterThan(0);
  }, 300_000);

  it('journals as blocks become durable: 20 SIGKILLs with the default journal timing, each rerun resumes and restores bit-identical', async () => {
    // a longer backup than the others (one block in flight), so that kills fall mid-data
    const longVolume = join(work, 'long.img');
    await writeVolume(longVolume, 'os-like', LONG_SIZE, 'long');
    const original = await readFile(longVolume);
    const jobFileFor = async (name: string, store: string) => {
      const file = join(work, `${name}.json`);
      const job = { ...jobFor(store), source: { type: 'file', path: longVolume } };
      await writeFile(file, JSON.stringify({ ...job, tuning: { blocksInFlight: 1, workers: 1 } }));
      return file;
    };
    const referenceRoot = await mkdtemp(join(work, 'long-ref-'));
    const started = performance.now();
    const reference = await runCli(bundle.cli, [
      'backup',
      '--job',
      await jobFileFor('long-ref', `file://${referenceRoot}`),
    ]);
    const longDurationMs = performance.now() - started;
    expect(reference.code, reference.stderr).toBe(0);
    let resumedRuns = 0;
    for (let run = 0; run < 20; run++) {
      const root = await mkdtemp(join(work, `long-${run}-`));
      const store = `file://${root}`;
      const jobFile = await jobFileFor(`long-${run}`, store);
      // stratified: run n is killed at a random moment of the n-th twentieth of the backup, so
      // early and late kills both happen however fast or slow this machine is today
      const killAfterMs = 40 + Math.floor(((run + random()) / 20) * longDurationMs * 0.95);
      const killed = await runCli(bundle.cli, ['backup', '--job', jobFile, '--progress', 'none'], {
        killAfterMs,
      });
      const killedAt = Date.now();
      if (killed.signal !== 'SIGKILL') continue; // finished before the kill: nothing to resume
      // a block durable for longer than the journal's delay (0.5 s) plus a segment write is journaled
      const durable = await chunksDurableFor(root, killedAt, 1_000);
      const rerun = await runCli(bundle.cli, ['backup', '--job', jobFile, '--progress', 'none']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const result = lastJsonLine<MoverSummary>(rerun.stdout).summary.result as {
        blocksResumed: number;
        bytesRead: number;
        alreadyComplete: boolean;
      };
      if (durable > 0 && !result.alreadyComplete) {
        expect(result.blocksResumed, `run ${run} killed at ${killAfterMs} ms`).toBeGreaterThan(0);
        expect(result.bytesRead).toBeLessThan(LONG_SIZE);
        resumedRuns++;
      }
      expect((await filesUnder(root)).filter((file) => file.includes('.tmp-'))).toEqual([]);
      const target = join(work, `restored-${run}.img`);
      const restore = await runCli(bundle.cli, [
        'restore',
        '--job-json',
        JSON.stringify({
          operation: 'restore',
          store,
          project,
          checkpointId: 'cp-kill',
          resourceId: 'vol',
          target: { type: 'file', path: target },
        }),
        '--progress',
        'none',
      ]);
      expect(restore.code, restore.stderr).toBe(0);
      expect((await readFile(target)).equals(original), `run ${run} restores bit-identical`).toBe(true);
      await rm(target, { force: true });
      await rm(root, { recursive: true, force: true });
    }
    await rm(referenceRoot, { recursive: true, force: true });
    expect(resumedRuns, 'kills late enough to have journaled blocks').toBeGreaterThan(0);
  }, 900_000);

  it('resumes on S3 too, with the journal in the bucket', async () => {
    const bucket = await createTestBucket('kill');
    try {
      const store = `s3://${bucket.name}/bank`;
      const { manifest, killed } = await backupWithKills(store, [400, 700]);
      expect(killed).toBeGreaterThan(0);
      expect(manifest.equals(reference)).toBe(true);
      expect(await journalEntries(store)).toBe(0);
    } finally {
      await bucket.remove();
    }
  }, 120_000);
});
