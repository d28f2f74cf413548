import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyExistsError, type ChunkStore, InvalidRangeError, NotFoundError } from './chunk-store.js';

interface StoreUnderTest {
  readonly store: ChunkStore;
  readonly cleanup: () => Promise<void>;
}

const collect = async (store: ChunkStore, prefix: string): Promise<string[]> => {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys.sort();
};

/**
 * The behaviour every ChunkStore backend must show (chunk-store.ts contract), run by each
 * backend's own test file (restic backend/test/suite.go, kopia blobtesting/verify.go).
 */
const describeChunkStoreConformance = (name: string, open: () => Promise<StoreUnderTest>): void => {
  describe(`chunk store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: ChunkStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => subject?.cleanup());

    it('returns exactly the bytes that were put', async () => {
      const body = randomBytes(1 << 20);
      await store.put('c/roundtrip', body);
      expect((await store.get('c/roundtrip')).equals(body)).toBe(true);
      expect((await store.head('c/roundtrip'))?.size).toBe(body.length);
    });

    it('stores and returns an empty object', async () => {
      await store.put('c/empty', new Uint8Array());
      expect((await store.get('c/empty')).length).toBe(0);
    });

    it('throws NotFoundError for a missing key and head says undefined', async () => {
      await expect(store.get('c/missing')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.head('c/missing')).toBeUndefined();
    });

    it('refuses a second ifAbsent put with AlreadyExistsError and keeps the first content', async () => {
      await store.put('c/once', Buffer.from('first'), { ifAbsent: true });
      await expect(store.put('c/once', Buffer.from('second'), { ifAbsent: true })).rejects.toBeInstanceOf(
        AlreadyExistsError,
      );
      expect((await store.get('c/once')).toString()).toBe('first');
    });

    it('survives concurrent ifAbsent puts of the same content', async () => {
      const body = randomBytes(256 << 10);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => store.put('c/race', body, { ifAbsent: true })),
      );
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(AlreadyExistsError);
      }
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect((await store.get('c/race')).equals(body)).toBe(true);
    });

    it('replaces an object on a plain put', async () => {
      await store.put('c/replace', Buffer.from('one'));
      await store.put('c/replace', Buffer.from('two'));
      expect((await store.get('c/replace')).toString()).toBe('two');
    });

    it('accepts a put carrying the SHA-256 of its body', async () => {
      const body = randomBytes(4096);
      const { createHash } = await import('node:crypto');
      await store.put('c/checksummed', body, { sha256: createHash('sha256').update(body).digest('hex') });
      expect((await store.get('c/checksummed')).equals(body)).toBe(true);
    });

    it('returns byte ranges and rejects a range past the end', async () => {
      await store.put('c/range', Buffer.from('0123456789'));
      expect((await store.get('c/range', { start: 2, end: 5 })).toString()).toBe('234');
      expect((await store.get('c/range', { start: 9, end: 10 })).toString()).toBe('9');
      await expect(store.get('c/range', { start: 5, end: 20 })).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(store.get('c/range', { start: 12, end: 14 })).rejects.toBeInstanceOf(InvalidRangeError);
    });

    it('lists every key under a prefix once, and none of a sibling that shares its first letters', async () => {
      const keys = ['l/p1/a', 'l/p1/chunks/ab/x', 'l/p1/chunks/cd/y', 'l/p10/z'];
      await Promise.all(keys.map((key) => store.put(key, Buffer.from(key))));
      expect(await collect(store, 'l/p1/')).toEqual(['l/p1/a', 'l/p1/chunks/ab/x', 'l/p1/chunks/cd/y']);
      expect(await collect(store, 'l/p1/chunks/')).toEqual(['l/p1/chunks/ab/x', 'l/p1/chunks/cd/y']);
      expect(await collect(store, 'l/none/')).toEqual([]);
      for await (const info of store.list('l/p1/a')) {
        expect(info.size).toBe(6);
        expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      }
    });

    it('touch moves last-modified forward past an older object and keeps its bytes', async () => {
      const body = randomBytes(4096);
      await store.put('c/touched', body);
      await store.put('c/marker', Buffer.from('written later'));
      const before = (await store.head('c/touched'))?.lastModified.getTime() ?? Number.NaN;
      // S3 reports whole seconds: wait into the next one so a refresh can show
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await store.touch('c/touched');
      const after = (await store.head('c/touched'))?.lastModified.getTime() ?? Number.NaN;
      const marker = (await store.head('c/marker'))?.lastModified.getTime() ?? Number.NaN;
      expect(after).toBeGreaterThan(before);
      expect(after).toBeGreaterThan(marker);
      expect((await store.get('c/touched')).equals(body)).toBe(true);
    });

    it('refuses to touch a missing key with NotFoundError and does not create it', async () => {
      await expect(store.touch('c/never')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.head('c/never')).toBeUndefined();
    });

    it('deletes objects, and deleting a missing key succeeds', async () => {
      await store.put('c/gone', Buffer.from('x'));
      await store.delete('c/gone');
      await store.delete('c/gone');
      expect(await store.head('c/gone')).toBeUndefined();
      expect(await collect(store, 'c/gone')).toEqual([]);
    });
  });
};

export type { StoreUnderTest };
export { describeChunkStoreConformance };
