import { describe, expect, it } from 'vitest';
import { ConnectionError, UnexpectedStatusError, WaitFailedError, WaitTimeoutError } from './errors.js';
import { waitForStatus } from './poll.js';
import { backoffDelay, defaultRetryPolicy, isTransientStatus, parseRetryAfter } from './retry.js';
import { HttpTransport } from './transport.js';

/** A fetch that answers from a script: a status, or an Error to throw. */
const scripted = (script: (number | Error)[]) => {
  const calls: string[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(`${init?.method} ${String(input)}`);
    const next = script.shift() ?? 200;
    if (next instanceof Error) throw next;
    return new Response(
      next === 204 ? null : JSON.stringify({ computeFault: { message: `status ${next}` } }),
      {
        status: next,
        headers: { 'x-compute-request-id': `req-${calls.length}` },
      },
    );
  };
  return { fetch: impl as typeof fetch, calls };
};

const transport = (f: typeof fetch, attempts = 3) =>
  new HttpTransport({ fetch: f, retry: { attempts, baseDelayMs: 1, maxDelayMs: 2 } });

const get = {
  operation: 'nova: list servers',
  method: 'GET' as const,
  url: 'http://n/servers',
  expected: [200],
};

describe('HttpTransport', () => {
  it('retries 503 and connection errors, then returns the answer', async () => {
    const f = scripted([503, new TypeError('fetch failed'), 200]);
    const result = await transport(f.fetch).send(get);
    expect(result.status).toBe(200);
    expect(result.requestId).toBe('req-3');
    expect(f.calls).toHaveLength(3);
  });

  it('does not retry a POST after a 500, and names the call and request id in the error', async () => {
    const f = scripted([500]);
    const error = await transport(f.fetch)
      .send({ ...get, operation: 'nova: boot server vm', method: 'POST', json: {}, expected: [202] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as Error).message).toBe(
      'nova: boot server vm: POST http://n/servers returned 500, expected 202 (request id req-1): status 500',
    );
    expect(f.calls).toHaveLength(1);
  });

  it('retries 409 only when the call declares it transient', async () => {
    await expect(transport(scripted([409]).fetch).send(get)).rejects.toThrow(/returned 409/);
    const f = scripted([409, 200]);
    expect((await transport(f.fetch).send({ ...get, retry: { retryStatuses: [409] } })).status).toBe(200);
  });

  it('turns a failure that outlasts the attempts into ConnectionError with the cause', async () => {
    const f = scripted([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const error = await transport(f.fetch, 2)
      .send(get)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('nova: list servers: GET http://n/servers failed: fetch failed');
  });

  it('never replays a streamed body', async () => {
    const f = scripted([503]);
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const request = { ...get, method: 'PUT' as const, body, expected: [204] };
    await expect(transport(f.fetch).send(request)).rejects.toThrow(/returned 503/);
    expect(f.calls).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('treats 502-504 as transient always, 500 only for idempotent methods, others on request', () => {
    const p = defaultRetryPolicy;
    expect([502, 503, 504].every((s) => isTransientStatus(s, 'POST', p))).toBe(true);
    expect(isTransientStatus(500, 'GET', p)).toBe(true);
    expect(isTransientStatus(500, 'POST', p)).toBe(false);
    expect(isTransientStatus(429, 'GET', p)).toBe(false);
    expect(isTransientStatus(429, 'GET', { ...p, retryStatuses: [429] })).toBe(true);
  });

  it('backs off with full jitter under a doubling ceiling, and honours a longer Retry-After', () => {
    const p = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, p, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(3, p, undefined, () => 0.5)).toBe(200);
    expect(backoffDelay(9, p, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(1, p, 700, () => 0)).toBe(700);
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('waitForStatus', () => {
  const sequence = (statuses: string[]) => async () => ({ status: statuses.shift() ?? 'stuck' });

  it('returns once the status is ready, ignoring case', async () => {
    const result = await waitForStatus({
      what: 'cinder volume v',
      fetch: sequence(['creating', 'downloading', 'AVAILABLE']),
      status: (v) => v.status,
      ready: ['available'],
      intervalMs: 1,
    });
    expect(result.status).toBe('AVAILABLE');
  });

  it('fails on a failure status with the detail', async () => {
    const error = await waitForStatus({
      what: 'nova server s',
      fetch: sequence(['BUILD', 'ERROR']),
      status: (v) => v.status,
      ready: ['ACTIVE'],
      failed: ['ERROR'],
      detail: () => 'No valid host was found.',
      intervalMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect((error as Error).message).toBe('nova server s reached status ERROR: No valid host was found.');
  });

  it('times out with the last status seen', async () => {
    const error = await waitForStatus({
      what: 'glance image i',
      fetch: async () => ({ status: 'queued' }),
      status: (v) => v.status,
      ready: ['active'],
      timeoutMs: 30,
      intervalMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'glance image i did not reach active within 0 s (last status queued)',
    );
  });
});
