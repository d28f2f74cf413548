import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeystoneValidator } from '../../lib/auth/keystone-validator.js';
import { CachingTokenValidator } from '../../lib/auth/token-validator.js';
import { createBank } from '../../lib/bank/bank.js';
import { openStackProtectables } from '../../lib/karbor/openstack-protectables.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import type { OperationScheduler } from '../../lib/workflows/operation-scheduler.js';
import { type ApiUnderTest, startApiUnderTest } from '../support/api-under-test.js';
import { sessionFor } from './support/cloud.js';

/**
 * The API in keystone mode against the test cloud's real Keystone: tokens are validated by the
 * `karbor` service user, protectables run with the caller's token, and a token of project A
 * (demo) can read, list, change or delete nothing of project B (alt_demo) — for every resource.
 */

const noScheduler: OperationScheduler = {
  arm: async () => undefined,
  disarm: async () => undefined,
  occurrenceFired: async () => undefined,
};

interface Caller {
  token: string;
  project: string;
}

describe('keystone mode: project isolation on every resource', () => {
  let api: ApiUnderTest;
  let a: Caller;
  let b: Caller;
  const made: Record<string, string> = {};

  const call = (who: Caller, method: string, path: string, body?: unknown) =>
    api.call(method, `/v1/${who.project}${path}`, {
      token: who.token,
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(async () => {
    process.env.OS_CLOUD = 'karbor';
    const [demo, altDemo] = await Promise.all([sessionFor('demo').access(), sessionFor('alt_demo').access()]);
    a = { token: demo.token, project: demo.project?.id ?? '' };
    b = { token: altDemo.token, project: altDemo.project?.id ?? '' };
    api = await startApiUnderTest(
      { protectables: openStackProtectables('keystone'), scheduler: noScheduler },
      new CachingTokenValidator(createKeystoneValidator()),
    );
    const plan = await call(a, 'POST', '/plans', {
      plan: {
        name: 'isolated',
        provider_id: blockProvider.id,
        parameters: {},
        resources: [{ id: a.project, type: 'OS::Keystone::Project', name: 'demo' }],
      },
    });
    expect(plan.status, plan.text).toBe(200);
    made.plan = (plan.body as { plan: { id: string } }).plan.id;
    const checkpoint = await call(a, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
      checkpoint: { plan_id: made.plan },
    });
    expect(checkpoint.status, checkpoint.text).toBe(200);
    made.checkpoint = (checkpoint.body as { checkpoint: { id: string } }).checkpoint.id;
    await createBank().checkpoints.transition(a.project, made.checkpoint, 'available', {
      from: ['protecting'],
    });
    const restore = await call(a, 'POST', '/restores', {
      restore: { provider_id: blockProvider.id, checkpoint_id: made.checkpoint, parameters: {} },
    });
    made.restore = (restore.body as { restore: { id: string } }).restore.id;
    const verification = await call(a, 'POST', '/verifications', {
      verification: { provider_id: blockProvider.id, checkpoint_id: made.checkpoint },
    });
    made.verification = (verification.body as { verification: { id: string } }).verification.id;
    const trigger = await call(a, 'POST', '/triggers', {
      trigger_info: { name: 'hourly', type: 'time', properties: { format: 'crontab', pattern: '0 * * * *' } },
    });
    made.trigger = (trigger.body as { trigger_info: { id: string } }).trigger_info.id;
    const operation = await call(a, 'POST', '/scheduled_operations', {
      scheduled_operation: {
        name: 'hourly',
        operation_type: 'protect',
        trigger_id: made.trigger,
        operation_definition: { provider_id: blockProvider.id, plan_id: made.plan },
      },
    });
    expect(operation.status, operation.text).toBe(200);
    made.operation = (operation.body as { scheduled_operation: { id: string } }).scheduled_operation.id;
    const logs = await call(a, 'GET', '/operation_logs');
    made.log = (logs.body as { operation_logs: { id: string }[] }).operation_logs[0]?.id ?? '';
  });
  afterAll(async () => {
    delete process.env.OS_CLOUD;
    await api?.close();
  });

  it('rejects an invalid token with 401 and a foreign project URL with 400', async () => {
    expect((await api.call('GET', `/v1/${a.project}/plans`, { token: 'not-a-token' })).status).toBe(401);
    const crossUrl = await api.call('GET', `/v1/${a.project}/plans`, { token: b.token });
    expect(crossUrl.body).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
  });

  it('the graph of A’s checkpoint came from Keystone with A’s token', async () => {
    const shown = await call(a, 'GET', `/providers/${blockProvider.id}/checkpoints/${made.checkpoint}`);
    const graph = JSON.parse(
      (shown.body as { checkpoint: { resource_graph: string } }).checkpoint.resource_graph,
    );
    expect(Object.values(graph[0] as Record<string, unknown[]>).some((node) => node[1] === a.project)).toBe(
      true,
    );
  });

  const collections = [
    ['/plans', 'plans'],
    [`/providers/${blockProvider.id}/checkpoints`, 'checkpoints'],
    ['/restores', 'restores'],
    ['/verifications', 'verifications'],
    ['/triggers', 'triggers'],
    ['/scheduled_operations', 'operations'],
    ['/operation_logs', 'operation_logs'],
  ] as const;

  it.each(collections)('B lists nothing of A in %s', async (path, key) => {
    const listed = await call(b, 'GET', path);
    expect(listed.status).toBe(200);
    const ids = ((listed.body as Record<string, { id: string }[]>)[key] ?? []).map((item) => item.id);
    expect(ids.filter((id) => Object.values(made).includes(id))).toEqual([]);
  });

  it('B can neither read, change nor delete A’s objects', async () => {
    const refused = async (method: string, path: string, status: number, body?: unknown) => {
      const reply = await call(b, method, path, body);
      expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
    };
    await refused('GET', `/plans/${made.plan}`, 404);
    await refused('PUT', `/plans/${made.plan}`, 404, { plan: { name: 'stolen' } });
    await refused('DELETE', `/plans/${made.plan}`, 404);
    const checkpoint = `/providers/${blockProvider.id}/checkpoints/${made.checkpoint}`;
    await refused('GET', checkpoint, 403);
    await refused('DELETE', checkpoint, 403);
    await refused('PUT', checkpoint, 403, { 'os-resetState': { state: 'error' } });
    await refused('POST', `/providers/${blockProvider.id}/checkpoints`, 404, {
      checkpoint: { plan_id: made.plan },
    });
    await refused('POST', '/restores', 403, {
      restore: { provider_id: blockProvider.id, checkpoint_id: made.checkpoint, parameters: {} },
    });
    await refused('POST', '/verifications', 403, {
      verification: { provider_id: blockProvider.id, checkpoint_id: made.checkpoint },
    });
    await refused('GET', `/restores/${made.restore}`, 404);
    await refused('GET', `/verifications/${made.verification}`, 404);
    await refused('GET', `/triggers/${made.trigger}`, 403);
    await refused('PUT', `/triggers/${made.trigger}`, 403, { trigger_info: { name: 'stolen' } });
    await refused('DELETE', `/triggers/${made.trigger}`, 403);
    await refused('GET', `/scheduled_operations/${made.operation}`, 404);
    await refused('DELETE', `/scheduled_operations/${made.operation}`, 404);
    await refused('POST', '/scheduled_operations', 400, {
      scheduled_operation: {
        name: 'x',
        operation_type: 'protect',
        trigger_id: made.trigger,
        operation_definition: { provider_id: blockProvider.id, plan_id: made.plan },
      },
    });
    await refused('GET', `/operation_logs/${made.log}`, 404);
    await refused('GET', `/quotas/${a.project}`, 403);
    await refused('PUT', `/quotas/${b.project}`, 403, { quota: { plans: 1000 } });
    await refused('GET', `/protectables/OS::Keystone::Project/instances/${a.project}`, 404);
    await refused('GET', '/os-services', 403);
  });

  it('A still sees everything it made, unchanged', async () => {
    const plan = await call(a, 'GET', `/plans/${made.plan}`);
    expect(plan.body).toMatchObject({ plan: { name: 'isolated' } });
    expect((await call(a, 'GET', `/triggers/${made.trigger}`)).status).toBe(200);
    expect((await call(a, 'GET', `/scheduled_operations/${made.operation}`)).status).toBe(200);
  });

  it('lists only the caller’s own project as its protectable project', async () => {
    const listed = await call(b, 'GET', '/protectables/OS::Keystone::Project/instances');
    expect((listed.body as { instances: { id: string }[] }).instances.map((i) => i.id)).toEqual([b.project]);
  });
});
