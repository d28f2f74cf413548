import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { runGc } from './gc.js';
import { GcBusyError } from './gc-lease.js';
import { GC_SAFETY } from './gc-safety.js';
import { chunkKey, condemnedPrefix, gcLeaseKey, journalPrefix } from './key-layout.js';

const project = 'p1';
const safety = GC_SAFETY.full;
const hash = (c: string) => c.repeat(64);
let root: string;
let store: FileStore;

const keys = async (prefix: string): Promise<string[]> => {
  const found: string[] = [];
  for await (const info of store.list(prefix)) found.push(info.key);
  return found.sort();
};
const putChunk = async (c: string, ageHours: number) => {
  const key = chunkKey(project, hash(c));
  await store.put(key, Buffer.from(c));
  const when = new Date(Date.now() - ageHours * 3_600_000);
  await utimes(join(root, key), when, when);
};
/** the mark time of a run one margin (and a second) after now: the lists written now are eligible */
const afterMargin = () => new Date(Date.now() + safety.marginMs + 1000);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gc-'));
  store = new FileStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('gc protocol', () => {
  it('condemns an old unreferenced chunk in one run and deletes it only in a run a margin later', async () => {
    await putChunk('a', 30);
    await putChunk('b', 1);
    const first = await runGc(project, { store, safety });
    expect(first).toMatchObject({ blocksCondemned: 1, blocksDeleted: 0, condemnedLists: 0 });
    expect(await keys(condemnedPrefix(project))).toHaveLength(1);
    const early = await runGc(project, {
      store,
      safety,
      now: new Date(Date.now() + safety.marginMs - 60_000),
    });
    expect(early).toMatchObject({ blocksDeleted: 0, condemnedListsPruned: 0 });
    const second = await runGc(project, { store, safety, now: afterMargin() });
    expect(second).toMatchObject({ blocksDeleted: 1, condemnedListsPruned: 1 });
    expect(await store.head(chunkKey(project, hash('a')))).toBeUndefined();
    expect(await store.head(chunkKey(project, hash('b')))).toBeDefined();
  });

  it('spares a condemned chunk a backup touched after the list was written', async () => {
    await putChunk('a', 30);
    await runGc(project, { store, safety });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.touch(chunkKey(project, hash('a')));
    const second = await runGc(project, { store, safety, now: afterMargin() });
    expect(second).toMatchObject({ blocksDeleted: 0, blocksRefreshed: 1, condemnedListsPruned: 1 });
    expect(await store.head(chunkKey(project, hash('a')))).toBeDefined();
  });

  it('spares a condemned chunk that a running backup’s journal references by the second run', async () => {
    await putChunk('a', 30);
    await runGc(project, { store, safety });
    const segment = { version: 1, fingerprint: 'f', entries: [[0, hash('a')]] };
    await store.put(`${journalPrefix(project, 'cp', 'vol')}run-0`, Buffer.from(JSON.stringify(segment)));
    expect(await runGc(project, { store, safety, now: afterMargin() })).toMatchObject({ blocksDeleted: 0 });
    expect(await store.head(chunkKey(project, hash('a')))).toBeDefined();
  });

  it('abandons a deletion whose HEAD is older than the delete window by the time it could be sent', async () => {
    await putChunk('a', 30);
    await runGc(project, { store, safety });
    let now = 0;
    const clock = { now: () => new Date(), monotonic: () => (now += safety.deleteWindowMs + 1) };
    const second = await runGc(project, { store, safety, clock, now: afterMargin() });
    expect(second).toMatchObject({ blocksDeleted: 0, deletionsAbandoned: 1 });
    expect(await store.head(chunkKey(project, hash('a')))).toBeDefined();
  });

  it('with safety none deletes what it condemns in the same run', async () => {
    await putChunk('a', 0);
    expect(await runGc(project, { store, safety: GC_SAFETY.none })).toMatchObject({ blocksDeleted: 1 });
    expect(await keys(condemnedPrefix(project))).toEqual([]);
  });

  it('counts in a dry run without writing a list or deleting', async () => {
    await putChunk('a', 30);
    expect(await runGc(project, { store, safety, dryRun: true })).toMatchObject({ blocksCondemned: 1 });
    expect(await keys(condemnedPrefix(project))).toEqual([]);
  });
});

describe('gc lease', () => {
  it('refuses a second gc of the project while one holds the lease, and releases it after a run', async () => {
    await store.put(gcLeaseKey(project), Buffer.from('{}'));
    await expect(runGc(project, { store, safety })).rejects.toBeInstanceOf(GcBusyError);
    await store.delete(gcLeaseKey(project));
    await runGc(project, { store, safety });
    expect(await store.head(gcLeaseKey(project))).toBeUndefined();
  });

  it('takes over a lease older than the lease time (a gc that died)', async () => {
    await store.put(gcLeaseKey(project), Buffer.from('{}'));
    const stale = new Date(Date.now() - safety.leaseMs - 60_000);
    await utimes(join(root, gcLeaseKey(project)), stale, stale);
    await expect(runGc(project, { store, safety })).resolves.toMatchObject({ blocksDeleted: 0 });
  });
});
