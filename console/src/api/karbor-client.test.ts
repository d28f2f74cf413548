import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { KarborClient } from './karbor-client.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

const fakeFetch = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const seen: Seen[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers });
  };
  return { seen, fetchImpl: fetchImpl as typeof fetch };
};

const client = (fetchImpl: typeof fetch) =>
  new KarborClient({ projectId: 'p1', token: 'demo:p1', fetch: fetchImpl });

describe('KarborClient', () => {
  it('calls /v1/<project> on the same origin with the token', async () => {
    const { seen, fetchImpl } = fakeFetch(200, { plans: [] });
    expect(await client(fetchImpl).plans()).toEqual([]);
    expect(seen[0]).toMatchObject({ url: '/v1/p1/plans', method: 'GET' });
    expect(seen[0]?.headers['x-auth-token']).toBe('demo:p1');
  });

  it('wraps bodies as Karbor expects them', async () => {
    const { seen, fetchImpl } = fakeFetch(200, { checkpoint: { id: 'c1' } });
    await client(fetchImpl).createCheckpoint('prov', 'plan');
    expect(seen[0]).toMatchObject({
      url: '/v1/p1/providers/prov/checkpoints',
      method: 'POST',
      body: { checkpoint: { plan_id: 'plan' } },
    });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('encodes protectable types and filters in the URL', async () => {
    const { seen, fetchImpl } = fakeFetch(200, { instances: [] });
    await client(fetchImpl).instances('OS::Cinder::Volume');
    expect(seen[0]?.url).toBe('/v1/p1/protectables/OS%3A%3ACinder%3A%3AVolume/instances');
    const logs = fakeFetch(200, { operation_logs: [] });
    await client(logs.fetchImpl).operationLogs({ status: 'error', plan_id: undefined });
    expect(logs.seen[0]?.url).toBe('/v1/p1/operation_logs?status=error');
  });

  it('reads scheduled operations from the "operations" key', async () => {
    const { fetchImpl } = fakeFetch(200, { operations: [{ id: 'o1' }] });
    expect(await client(fetchImpl).scheduledOperations()).toEqual([{ id: 'o1' }]);
  });

  it('turns a fault into an ApiError with the message and the request id', async () => {
    const { fetchImpl } = fakeFetch(
      404,
      { itemNotFound: { code: 404, message: 'Plan x could not be found.' } },
      { 'x-openstack-request-id': 'req-abc' },
    );
    const error = await client(fetchImpl)
      .plan('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      serverMessage: 'Plan x could not be found.',
      requestId: 'req-abc',
    });
  });

  it('reports an unreachable server as status 0', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(client(failing).plans()).rejects.toMatchObject({ status: 0 });
  });
});
