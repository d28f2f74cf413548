import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_HEADER_LENGTH, decodeBlock, sha256Hex } from '../block-format.js';
import { BlockBufferPool } from './block-buffers.js';
import { WorkerPool } from './worker-pool.js';

const owned = (data: Buffer): Buffer => {
  const out = Buffer.allocUnsafeSlow(data.length);
  data.copy(out);
  return out;
};

/** Pooled room for one stored block of up to `rawLength` bytes. */
const room = (rawLength: number): Buffer =>
  new BlockBufferPool(BLOCK_HEADER_LENGTH + rawLength, 1).take(BLOCK_HEADER_LENGTH + rawLength);

/** Encodes a copy of `data` (as a source would hand it over) and returns the result and the stored block. */
const encodeCopy = async (
  pool: WorkerPool,
  data: Buffer,
  unchangedIf: string | null = null,
  hashBody = false,
) => {
  const out = room(data.length);
  const result = await pool.encode(owned(data), out, unchangedIf, { hashBody });
  return {
    result,
    body: result.kind === 'data' ? Buffer.from(out.subarray(0, result.bodyLength)) : undefined,
  };
};

describe('worker pool', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('reports an all-zero block without hashing or compressing it', async () => {
    expect((await encodeCopy(pool, Buffer.alloc(65_536))).result.kind).toBe('zero');
  });

  it('hashes and compresses a data block in a worker, returning a decodable body', async () => {
    const data = Buffer.from('hello block '.repeat(5000));
    const { result, body } = await encodeCopy(pool, data, null, true);
    if (result.kind !== 'data' || body === undefined) throw new Error(`expected data, got ${result.kind}`);
    expect(result.sha256).toBe(sha256Hex(data));
    expect(body.length).toBeLessThan(data.length / 10);
    expect(result.bodySha256).toBe(sha256Hex(body));
    expect(Buffer.from(decodeBlock(body)).equals(data)).toBe(true);
  });

  it('reads pooled block memory in place, so the same buffer serves the next block', async () => {
    const buffers = new BlockBufferPool(8192, 2);
    buffers.take(8192).fill(1); // the second slot: a block at an offset into shared memory
    const second = buffers.take(8192).fill(7);
    expect(second.byteOffset).toBeGreaterThan(0);
    const result = await pool.encode(second, room(8192), null);
    expect(result.kind === 'data' && result.sha256).toBe(sha256Hex(Buffer.alloc(8192, 7)));
    expect(second.length).toBe(8192); // shared, not moved: still readable here
    buffers.release(second);
    const again = buffers.take(100);
    expect([again.buffer, again.byteOffset]).toEqual([second.buffer, second.byteOffset]);
  });

  it('skips compression when the hash equals the parent block', async () => {
    const data = randomBytes(8192);
    const { result, body } = await encodeCopy(pool, data, sha256Hex(data));
    expect(result).toEqual({ kind: 'unchanged', sha256: sha256Hex(data) });
    expect(body).toBeUndefined();
  });

  it('decodes in parallel into pooled memory and names a corrupt block instead of throwing', async () => {
    const blocks = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0 ? randomBytes(20_000) : Buffer.from(`block ${i} `.repeat(2_000)),
    );
    const encoded = await Promise.all(blocks.map((b) => encodeCopy(pool, b)));
    const buffers = new BlockBufferPool(20_000, blocks.length);
    const targets = blocks.map(() => buffers.take(20_000));
    const decoded = await Promise.all(
      encoded.map(({ result: r, body }, i) => {
        if (r.kind !== 'data' || body === undefined) throw new Error('expected data');
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

  it('stores an incompressible block uncompressed in the room given', async () => {
    const data = randomBytes(30_000);
    const { result, body } = await encodeCopy(pool, data);
    expect(result.kind === 'data' && result.bodyLength).toBe(BLOCK_HEADER_LENGTH + data.length);
    expect(Buffer.from(decodeBlock(body as Buffer)).equals(data)).toBe(true);
  });

  it('refuses encode output outside a pool', () => {
    expect(() => pool.encode(owned(Buffer.alloc(10, 1)), Buffer.alloc(100), null)).toThrow(/BlockBufferPool/);
  });

  it('checks a block without a target (verify) and refuses a target outside a pool', async () => {
    const data = Buffer.from('verify me '.repeat(3_000));
    const { result, body } = await encodeCopy(pool, data);
    if (result.kind !== 'data' || body === undefined) throw new Error('expected data');
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
