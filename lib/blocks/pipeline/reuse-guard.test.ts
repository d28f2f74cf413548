import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCondemnedList } from '../condemned.js';
import { FaultyStore } from '../faulty-store.js';
import { FileStore } from '../file-store.js';
import { GC_SAFETY } from '../gc-safety.js';
import { chunkKey, missingBlocksKey } from '../key-layout.js';
import { BackupTooLongError, BlocksGoneError, ReuseGuard } from './reuse-guard.js';

const target = { project: 'p1', checkpointId: 'cp', resourceId: 'vol' };
const safety = GC_SAFETY.full;
const hash = (c: string) => c.repeat(64);
let root: string;
let store: FileStore;

class TouchCountingStore extends FileStore {
  readonly touched: string[] = [];
  override touch(key: string): Promise<void> {
    this.touched.push(key);
    return super.touch(key);
  }
}

/** monotonic time that only moves when the guard sleeps (or a test says so) */
const fakeClock = () => {
  const clock = {
    time: 0,
    slept: [] as number[],
    monotonic: () => clock.time,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.time += ms;
    },
  };
  return clock;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'guard-'));
  store = new FileStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('reuse guard', () => {
  it('relies on an uncondemned block without touching it, and only HEADs it before the manifest', async () => {
    await store.put(chunkKey('p1', hash('a')), Buffer.from('a'));
    const faulty = new FaultyStore(store, []);
    const clock = fakeClock();
    const guard = await ReuseGuard.open(faulty, target, safety, clock);
    expect(guard.isSuspect(hash('a'))).toBe(false);
    expect(await guard.rely(hash('a'))).toBe('reused');
    await guard.confirm();
    expect(clock.slept).toEqual([]);
    expect(faulty.injected.touch).toBe(0);
  });

  it('touches a condemned block once, then waits the settle time once before confirming', async () => {
    await store.put(chunkKey('p1', hash('a')), Buffer.from('a'));
    await store.put(chunkKey('p1', hash('b')), Buffer.from('b'));
    await writeCondemnedList(store, 'p1', [hash('a'), hash('b')], new Date());
    const spy = new TouchCountingStore(root);
    const clock = fakeClock();
    const guard = await ReuseGuard.open(spy, target, safety, clock);
    expect(guard.isSuspect(hash('a'))).toBe(true);
    await Promise.all([guard.rely(hash('a')), guard.rely(hash('a')), guard.rely(hash('b'))]);
    await guard.confirm();
    expect(spy.touched.sort()).toEqual([chunkKey('p1', hash('a')), chunkKey('p1', hash('b'))]);
    expect(clock.slept).toEqual([safety.refreshSettleMs]);
  });

  it('re-uploads a condemned block the touch finds gone, from the bytes in hand', async () => {
    await writeCondemnedList(store, 'p1', [hash('a')], new Date());
    const guard = await ReuseGuard.open(store, target, safety, fakeClock());
    const outcome = await guard.rely(hash('a'), { bytes: Buffer.from('stored a'), options: {} });
    expect(outcome).toBe('uploaded');
    expect((await store.get(chunkKey('p1', hash('a')))).toString()).toBe('stored a');
    await guard.confirm();
  });

  it('refuses the manifest when a relied-on block is gone, names it, and makes the next run suspect it', async () => {
    await store.put(chunkKey('p1', hash('a')), Buffer.from('a'));
    const guard = await ReuseGuard.open(store, target, safety, fakeClock());
    await guard.rely(hash('a'));
    await store.delete(chunkKey('p1', hash('a')));
    const failure = await guard.confirm().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BlocksGoneError);
    expect((failure as BlocksGoneError).message).toContain(hash('a'));
    const next = await ReuseGuard.open(store, target, safety, fakeClock());
    expect(next.isSuspect(hash('a'))).toBe(true);
    await next.finish();
    expect(await store.head(missingBlocksKey('p1', 'cp', 'vol'))).toBeUndefined();
  });

  it('refuses a manifest later than the longest backup gc allows', async () => {
    const clock = fakeClock();
    const guard = await ReuseGuard.open(store, target, safety, clock);
    clock.time = safety.maxBackupMs;
    expect(() => guard.checkDeadline()).not.toThrow();
    clock.time = safety.maxBackupMs + 1;
    expect(() => guard.checkDeadline()).toThrow(BackupTooLongError);
  });
});
