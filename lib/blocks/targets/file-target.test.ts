import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockBufferPool } from '../pipeline/block-buffers.js';
import { FileTarget } from './file-target.js';

const BLOCK = 64 << 10;

/** Restores blocks (data, zero, a partial last one) through the target, written out of order. */
const restoreInto = async (path: string, blocks: (Buffer | null)[], size: number) => {
  const pool = new BlockBufferPool(BLOCK, blocks.length);
  const target = new FileTarget(path);
  await target.open(size);
  // pooled (page-aligned) blocks take the direct path, others the ordinary one
  const placed = (data: Buffer, index: number): Buffer => {
    if (index % 3 === 0) return Buffer.from(data);
    const slot = pool.take(data.length);
    data.copy(slot);
    return slot;
  };
  const order = blocks.map((_, i) => i).reverse();
  await Promise.all(
    order.map(async (index) => {
      const data = blocks[index] ?? null;
      const length = Math.min(BLOCK, size - index * BLOCK);
      await target.write(index * BLOCK, data === null ? null : placed(data, index), length);
    }),
  );
  await target.finish();
};

const expected = (blocks: (Buffer | null)[], size: number): Buffer => {
  const out = Buffer.alloc(size);
  for (const [index, data] of blocks.entries()) data?.copy(out, index * BLOCK);
  return out;
};

describe('file target', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const places = [tmpdir(), ...(existsSync('/dev/shm') ? ['/dev/shm'] : [])]; // tmpfs has no O_DIRECT

  for (const place of places) {
    it(`writes aligned, unaligned, zero and partial blocks bit-exact (${place})`, async () => {
      const dir = await mkdtemp(join(place, 'file-target-'));
      dirs.push(dir);
      const size = 7 * BLOCK + 1234;
      const blocks = [
        randomBytes(BLOCK),
        null,
        randomBytes(BLOCK),
        randomBytes(BLOCK),
        null,
        randomBytes(BLOCK),
      ];
      blocks.push(randomBytes(BLOCK), randomBytes(1234));
      const path = join(dir, 'restored.img');
      await restoreInto(path, blocks, size);
      expect((await stat(path)).size).toBe(size);
      expect((await readFile(path)).equals(expected(blocks, size))).toBe(true);
    });
  }

  it('replaces what the file held before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-target-'));
    dirs.push(dir);
    const path = join(dir, 'restored.img');
    await restoreInto(path, [randomBytes(BLOCK), randomBytes(BLOCK), randomBytes(BLOCK)], 3 * BLOCK);
    const blocks = [null, randomBytes(BLOCK)];
    await restoreInto(path, blocks, 2 * BLOCK);
    expect((await readFile(path)).equals(expected(blocks, 2 * BLOCK))).toBe(true);
  });
});
