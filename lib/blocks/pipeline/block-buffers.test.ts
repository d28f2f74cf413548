import { constants } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockBufferPool, isPageAligned, isPooled } from './block-buffers.js';

describe('block buffer pool', () => {
  it('hands out distinct page-aligned slots of shared memory and reuses returned ones', () => {
    const pool = new BlockBufferPool(4 << 20, 3);
    const [a, b, c] = [pool.take(4 << 20), pool.take(4 << 20), pool.take(1000)];
    for (const buffer of [a, b, c]) {
      expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(isPageAligned(buffer)).toBe(true);
    }
    expect(new Set([a.byteOffset, b.byteOffset, c.byteOffset]).size).toBe(3);
    a.fill(1);
    expect(b.every((byte) => byte === 0)).toBe(true);
    pool.release(b);
    pool.release(b); // a second release must not hand the slot out twice
    const d = pool.take(10);
    const e = pool.take(10);
    expect(d.byteOffset).toBe(b.byteOffset);
    expect(e.byteOffset).not.toBe(b.byteOffset); // beyond capacity: a slot of its own
    expect(isPooled(e)).toBe(true);
  });

  it('refuses a block larger than its slots', () => {
    expect(() => new BlockBufferPool(8192, 1).take(8193)).toThrow(RangeError);
  });

  it('knows memory it did not hand out', () => {
    expect(isPooled(Buffer.alloc(4096))).toBe(false);
    expect(isPooled(Buffer.from(new SharedArrayBuffer(4096)))).toBe(false);
    const pool = new BlockBufferPool(8192, 1);
    expect(isPageAligned(pool.take(8192).subarray(512))).toBe(false);
  });

  it.runIf(process.platform === 'linux')('gives memory that direct I/O accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'block-buffers-'));
    try {
      const file = join(dir, 'direct.img');
      const handle = await open(
        file,
        constants.O_CREAT | constants.O_WRONLY | constants.O_DIRECT,
        0o600,
      ).catch(
        () => undefined, // a file system without O_DIRECT (tmpfs): nothing to show here
      );
      if (handle === undefined) return;
      const block = new BlockBufferPool(1 << 20, 2).take(1 << 20).fill(9);
      try {
        expect((await handle.write(block, 0, block.length, 0)).bytesWritten).toBe(block.length);
      } finally {
        await handle.close();
      }
      expect((await readFile(file)).equals(Buffer.alloc(1 << 20, 9))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
