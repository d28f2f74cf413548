import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockBufferPool } from '../pipeline/block-buffers.js';
import { GlanceTarget } from './glance-target.js';

const BLOCK = 1 << 20;

/** A Glance stand-in that reads the upload slowly and records what arrived. */
const slowGlance = async () => {
  const received: { sha256: string; length: number }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const hash = createHash('sha256');
    let length = 0;
    for await (const chunk of request) {
      hash.update(chunk as Buffer);
      length += (chunk as Buffer).length;
      await new Promise((resolve) => setTimeout(resolve, 2)); // a slow reader keeps data queued
    }
    received.push({ sha256: hash.digest('hex'), length });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, received, close: () => server.close() };
};

describe('glance target', () => {
  const servers: { close: () => void }[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });

  it('uploads every block as written, even when the block memory is reused at once', async () => {
    const glance = await slowGlance();
    servers.push(glance);
    const target = new GlanceTarget({ endpoint: glance.endpoint, token: 't', imageId: 'image' });
    const pool = new BlockBufferPool(BLOCK, 1);
    const expected = createHash('sha256');
    await target.open();
    for (let index = 0; index < 12; index++) {
      // restore decodes every block into the same pooled slot once the last write resolved
      const block = pool.take(BLOCK).fill(index + 1);
      const zero = index === 5; // a zero block is sent as zeros
      expected.update(zero ? Buffer.alloc(BLOCK) : block);
      await target.write(index * BLOCK, zero ? null : block, BLOCK);
      pool.release(block);
    }
    await target.finish();
    expect(glance.received).toHaveLength(1);
    expect(glance.received[0]).toEqual({ sha256: expected.digest('hex'), length: 12 * BLOCK });
  });
});
