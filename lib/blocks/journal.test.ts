import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { Journal, JournalError } from './journal.js';

const a = 'a'.repeat(64);
let root: string;
let store: FileStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'journal-'));
  store = new FileStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** What a rerun would resume once at least `count` entries are on disk (a killed run never flushes). */
const resumedWithin = async (open: () => Promise<Journal>, count: number, ms: number) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const { resumed } = await open();
    if (resumed.size >= count || Date.now() > deadline) return resumed;
    await sleep(20);
  }
};

describe('resume journal', () => {
  it('gives a later run the blocks an earlier run recorded and flushed', async () => {
    const first = await Journal.open(store, 'j/', 'fp-1');
    first.record(0, a);
    first.record(3, null);
    await first.flush();
    first.record(7, a); // never flushed: a killed run loses it
    const second = await Journal.open(store, 'j/', 'fp-1');
    expect([...second.resumed.entries()]).toEqual([
      [0, a],
      [3, null],
    ]);
  });

  it('ignores segments written for another job fingerprint', async () => {
    const other = await Journal.open(store, 'j/', 'fp-other');
    other.record(1, a);
    await other.flush();
    expect((await Journal.open(store, 'j/', 'fp-1')).resumed.size).toBe(0);
  });

  it('writes a segment by itself once enough entries wait, and clear removes every segment', async () => {
    const journal = await Journal.open(store, 'j/', 'fp', { entriesPerSegment: 2 });
    journal.record(0, a);
    journal.record(1, a);
    await journal.flush();
    const keys: string[] = [];
    for await (const info of store.list('j/')) keys.push(info.key);
    expect(keys).toHaveLength(1);
    await journal.clear();
    for await (const info of store.list('j/')) throw new Error(`left ${info.key}`);
  });

  it('writes recorded entries by itself within maxDelayMs, without a flush or a full segment', async () => {
    const killed = await Journal.open(store, 'j/', 'fp', { entriesPerSegment: 1000, maxDelayMs: 50 });
    killed.record(0, a);
    killed.record(1, null);
    const resumed = await resumedWithin(() => Journal.open(store, 'j/', 'fp'), 2, 2_000);
    expect([...resumed.entries()]).toEqual([
      [0, a],
      [1, null],
    ]);
  });

  it('writes a full segment at once, without waiting for maxDelayMs', async () => {
    const killed = await Journal.open(store, 'j/', 'fp', { entriesPerSegment: 3, maxDelayMs: 600_000 });
    for (const index of [4, 5, 6, 7]) killed.record(index, a);
    const resumed = await resumedWithin(() => Journal.open(store, 'j/', 'fp'), 3, 2_000);
    expect([...resumed.keys()]).toEqual(expect.arrayContaining([4, 5, 6]));
  });

  it('refuses a malformed segment instead of resuming from it', async () => {
    await store.put('j/bad', Buffer.from('{"version":1,"fingerprint":"fp","entries":[[0,"nothex"]]}'));
    await expect(Journal.open(store, 'j/', 'fp')).rejects.toBeInstanceOf(JournalError);
  });
});
