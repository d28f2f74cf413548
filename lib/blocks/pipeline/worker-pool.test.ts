import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBlock, sha256Hex } from '../block-format.js';
import { RawBufferPool, WorkerPool } from './worker-pool.js';

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
    const buffers = new RawBufferPool(8192, 2);
    const first = buffers.take(8192).fill(7);
    const result = await pool.encode(first, null);
    expect(result.kind === 'data' && result.sha256).toBe(sha256Hex(Buffer.alloc(8192, 7)));
    expect(first.length).toBe(8192); // shared, not moved: still readable here
    buffers.release(first);
    expect(buffers.take(100).buffer).toBe(first.buffer);
  });

  it('skips compression when the hash equals the parent block', async () => {
    const data = randomBytes(8192);
    const result = await pool.encode(owned(data), sha256Hex(data));
    expect(result).toMatchObject({ kind: 'unchanged', sha256: sha256Hex(data) });
    expect('body' in result).toBe(false);
  });

  it('decodes in parallel and names a corrupt block instead of throwing', async () => {
    const blocks = Array.from({ length: 8 }, () => randomBytes(20_000));
    const encoded = await Promise.all(blocks.map((b) => pool.encode(owned(b), null)));
    const decoded = await Promise.all(
      encoded.map((r, i) => {
        if (r.kind !== 'data') throw new Error('expected data');
        const body = Buffer.from(r.body);
        if (i === 3) body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1;
        return pool.decode(body, r.sha256, { keep: true });
      }),
    );
    decoded.forEach((result, i) => {
      if (i === 3) expect(result.kind).toBe('corrupt');
      else if (result.kind === 'raw') {
        expect(
          Buffer.from(result.raw ?? new ArrayBuffer(0), 0, result.rawLength).equals(blocks[i] as Buffer),
        ).toBe(true);
      } else throw new Error(`block ${i} reported corrupt`);
    });
  });
});
