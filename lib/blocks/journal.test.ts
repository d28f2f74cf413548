import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses a malformed segment instead of resuming from it', async () => {
    await store.put('j/bad', Buffer.from('{"version":1,"fingerprint":"fp","entries":[[0,"nothex"]]}'));
    await expect(Journal.open(store, 'j/', 'fp')).rejects.toBeInstanceOf(JournalError);
  });
});
