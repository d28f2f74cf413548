import { describe, expect, it } from 'vitest';
import { type ChunkStore, NotFoundError, type ObjectInfo, TransientStoreError } from './chunk-store.js';
import { FaultyStore } from './faulty-store.js';
import { RetryingStore } from './retrying-store.js';

class MemoryStore implements ChunkStore {
  readonly description = 'memory';
  readonly checksumsPuts = false;
  readonly objects = new Map<string, Buffer>();
  async put(key: string, body: Uint8Array): Promise<void> {
    this.objects.set(key, Buffer.from(body));
  }
  async get(key: string): Promise<Buffer> {
    const body = this.objects.get(key);
    if (!body) throw new NotFoundError(key);
    return body;
  }
  async head(key: string): Promise<ObjectInfo | undefined> {
    const body = this.objects.get(key);
    return body && { key, size: body.length, lastModified: new Date() };
  }
  async touch(key: string): Promise<void> {
    if (!this.objects.has(key)) throw new NotFoundError(key);
  }
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for (const [key, body] of this.objects) {
      if (key.startsWith(prefix)) yield { key, size: body.length, lastModified: new Date() };
    }
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

const slowDown = () => new TransientStoreError('S3 SlowDown');
const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('retrying store', () => {
  it('retries throttled puts until they succeed, with growing delays', async () => {
    const memory = new MemoryStore();
    const delays: number[] = [];
    const faulty = new FaultyStore(memory, [{ operation: 'put', error: slowDown, times: 4 }]);
    const store = new RetryingStore(
      faulty,
      { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 },
      { ...noSleep, onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    await store.put('k', Buffer.from('v'));
    expect(faulty.injected.put).toBe(4);
    expect(delays).toEqual([50, 100, 200, 400]);
    expect(memory.objects.get('k')?.toString()).toBe('v');
  });

  it('gives up after maxAttempts and passes the last error on', async () => {
    const faulty = new FaultyStore(new MemoryStore(), [{ operation: 'get', error: slowDown }]);
    const store = new RetryingStore(faulty, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, noSleep);
    await expect(store.get('k')).rejects.toBeInstanceOf(TransientStoreError);
    expect(faulty.injected.get).toBe(3);
  });

  it('does not retry permanent errors such as NotFound', async () => {
    let calls = 0;
    const memory = new MemoryStore();
    const counting = new FaultyStore(memory, []);
    const store = new RetryingStore(
      counting,
      { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      {
        ...noSleep,
        onRetry: () => calls++,
      },
    );
    await expect(store.get('missing')).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toBe(0);
  });

  it('restarts a failed listing without yielding any key twice', async () => {
    const memory = new MemoryStore();
    for (const key of ['a/1', 'a/2', 'a/3']) await memory.put(key, Buffer.from(key));
    const faulty = new FaultyStore(memory, [{ operation: 'list', error: slowDown, times: 1, after: true }]);
    const store = new RetryingStore(faulty, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, noSleep);
    const keys: string[] = [];
    for await (const info of store.list('a/')) keys.push(info.key);
    expect(keys.sort()).toEqual(['a/1', 'a/2', 'a/3']);
  });
});
