import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBlock, sha256Hex } from '../block-format.js';
import { BlockBufferPool } from './block-buffers.js';
import { WorkerPool } from './worker-pool.js';

const owned = (data: Buffer): Buffer => {
  const out = Buffer.allocUnsafeSlow(data.length);
  data.copy(out);
  return out;
};

describe('worker pool', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('reports an all-zero block without hashing or compressing it', async () => {
    expect((await pool.encode(owned(Buffer.alloc(65_536)), null)).kind).toBe('zero');
  });

  it('hashes and compresses a data block in a worker, returning a decodable body', async () => {
    const data = Buffer.from('hello block '.repeat(5000));
    const result = await pool.encode(owned(data), null, { hashBody: true });
    if (result.kind !== 'data') throw new Error(`expected data, got ${result.kind}`);
    expect(result.sha256).toBe(sha256Hex(data));
    const body = Buffer.from(result.body);
    expect(result.bodySha256).toBe(sha256Hex(body));
    expect(Buffer.from(decodeBlock(body)).equals(data)).toBe(true);
  });

  it('reads pooled block memory in place, so the same buffer serves the next block', async () => {
    const buffers = new BlockBufferPool(8192, 2);
    buffers.take(8192).fill(1); // the second slot: a block at an offset into shared memory
    const second = buffers.take(8192).fill(7);
    expect(second.byteOffset).toBeGreaterThan(0);
    const result = await pool.encode(second, null);
    expect(result.kind === 'data' && result.sha256).toBe(sha256Hex(Buffer.alloc(8192, 7)));
    expect(second.length).toBe(8192); // shared, not moved: still readable here
    buffers.release(second);
    const again = buffers.take(100);
    expect([again.buffer, again.byteOffset]).toEqual([second.buffer, second.byteOffset]);
  });

  it('skips compression when the hash equals the parent block', async () => {
    const data = randomBytes(8192);
    const result = await pool.encode(owned(data), sha256Hex(data));
    expect(result).toMatchObject({ kind: 'unchanged', sha256: sha256Hex(data) });
    expect('body' in result).toBe(false);
  });

  it('decodes in parallel into pooled memory and names a corrupt block instead of throwing', async () => {
    const blocks = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0 ? randomBytes(20_000) : Buffer.from(`block ${i} `.repeat(2_000)),
    );
    const encoded = await Promise.all(blocks.map((b) => pool.encode(owned(b), null)));
    const buffers = new BlockBufferPool(20_000, blocks.length);
    const targets = blocks.map(() => buffers.take(20_000));
    const decoded = await Promise.all(
      encoded.map((r, i) => {
        if (r.kind !== 'data') throw new Error('expected data');
        const body = Buffer.from(r.body);
        if (i === 3) body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1;
        return pool.decode(body, r.sha256, { into: targets[i] as Buffer });
      }),
    );
    decoded.forEach((result, i) => {
      const block = blocks[i] as Buffer;
      if (i === 3) expect(result.kind).toBe('corrupt');
      else if (result.kind === 'raw') {
        expect(result.rawLength).toBe(block.length);
        expect((targets[i] as Buffer).subarray(0, result.rawLength).equals(block)).toBe(true);
      } else throw new Error(`block ${i} reported corrupt: ${result.message}`);
    });
  });

  it('checks a block without a target (verify) and refuses a target outside a pool', async () => {
    const data = Buffer.from('verify me '.repeat(3_000));
    const result = await pool.encode(owned(data), null);
    if (result.kind !== 'data') throw new Error('expected data');
    const body = Buffer.from(result.body);
    const another = Buffer.from(body); // decode moves a body's memory to the worker
    expect(await pool.decode(body, result.sha256)).toEqual({
      kind: 'raw',
      rawLength: data.length,
    });
    expect(() => pool.decode(another, result.sha256, { into: Buffer.alloc(data.length) })).toThrow(
      /BlockBufferPool/,
    );
  });
});
