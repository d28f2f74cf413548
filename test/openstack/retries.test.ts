import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVolumes } from '../../lib/openstack/block-storage/volumes.js';
import { ConnectionError, UnexpectedStatusError } from '../../lib/openstack/errors.js';
import { createImage, deleteImage, listImages } from '../../lib/openstack/image/images.js';
import { HttpTransport } from '../../lib/openstack/transport.js';
import { Cleanup, sessionFor, uniqueName } from './support/cloud.js';
import { FaultProxy } from './support/fault-proxy.js';

const cleanup = new Cleanup();
let glance: FaultProxy;
let cinder: FaultProxy;
let cinderBase: string;

const fastRetries = new HttpTransport({ retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 } });

beforeAll(async () => {
  glance = await FaultProxy.start('http://127.0.0.1:9292');
  cinder = await FaultProxy.start('http://127.0.0.1:8776');
  cinderBase = (await sessionFor('demo').endpoint('block-storage')).replace(
    'http://127.0.0.1:8776',
    cinder.url,
  );
});
afterAll(async () => {
  await cleanup.run();
  await glance.stop();
  await cinder.stop();
});

const viaProxies = () =>
  sessionFor('demo', {
    transport: fastRetries,
    endpointOverrides: { image: glance.url, 'block-storage': cinderBase },
  });

describe('retries against real services behind a fault-injecting proxy', () => {
  it('retries a GET through two 503s and returns the real answer', async () => {
    glance.inject({ failures: 2, status: 503 });
    const images = await listImages(viaProxies());
    expect(images.map((i) => i.name)).toContain('karbor-test-image');
    expect(glance.seen).toBe(3);
  });

  it('retries a GET through a 500 from Cinder (idempotent method)', async () => {
    cinder.inject({ failures: 1, status: 500 });
    expect(Array.isArray(await listVolumes(viaProxies()))).toBe(true);
    expect(cinder.seen).toBe(2);
  });

  it('honours Retry-After on 429 only for calls that declare 429 transient', async () => {
    glance.inject({ failures: 1, status: 429, retryAfterSeconds: 0 });
    const error = await listImages(viaProxies()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as UnexpectedStatusError).status).toBe(429);
    glance.inject({ failures: 1, status: 429, retryAfterSeconds: 0 });
    const session = viaProxies();
    const result = await session.request('image', {
      operation: 'glance: list images',
      method: 'GET',
      path: '/v2/images',
      expected: [200],
      retry: { retryStatuses: [429] },
    });
    expect(result.status).toBe(200);
    expect(glance.seen).toBe(2);
  });

  it('does not replay a POST after a 500, and says which call failed with its request id', async () => {
    glance.inject({ failures: 1, status: 500, when: (req) => req.method === 'POST' });
    const name = uniqueName('no-replay');
    const error = await createImage(viaProxies(), { name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `glance: create image ${name}: POST http://127.0.0.1:\\d+/v2/images returned 500, expected 201 \\(request id req-injected-1\\)`,
      ),
    );
    const leftovers = await listImages(sessionFor('demo'), { name });
    for (const image of leftovers)
      cleanup.add(`image ${image.id}`, () => deleteImage(sessionFor('demo'), image.id));
    expect(leftovers).toEqual([]);
  });

  it('gives up after the configured attempts with the last status', async () => {
    glance.inject({ failures: 10, status: 503 });
    const error = await listImages(viaProxies()).catch((e: unknown) => e);
    expect((error as UnexpectedStatusError).status).toBe(503);
    expect(glance.seen).toBe(4);
  });

  it('times out a call that gets no answer, retries it, then succeeds', async () => {
    glance.inject({ failures: 1, status: 'hang' });
    const session = sessionFor('demo', {
      transport: new HttpTransport({ timeoutMs: 5_000, retry: { attempts: 2, baseDelayMs: 10 } }),
      endpointOverrides: { image: glance.url },
    });
    expect((await listImages(session)).length).toBeGreaterThan(0);
    expect(glance.seen).toBe(2);
  });

  it('reports a refused connection as ConnectionError naming the call', async () => {
    const closed = await FaultProxy.start('http://127.0.0.1:9');
    const url = closed.url;
    await closed.stop();
    const session = sessionFor('demo', { transport: fastRetries, endpointOverrides: { image: url } });
    const error = await listImages(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /^glance: list images: GET http:\/\/127\.0\.0\.1:\d+\/v2\/images failed: fetch failed/,
    );
  });
});
