import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import {
  type ApiUnderTest,
  fixedProtectables,
  roleTokens,
  startApiUnderTest,
} from '../support/api-under-test.js';

const projectA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const projectB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const alice = `alice:${projectA}`;
const bob = `bob:${projectB}`;
const volume = {
  id: 'vol-1',
  type: 'OS::Cinder::Volume',
  name: 'data',
  extra_info: { availability_zone: 'nova' },
};
const base = `/v1/${projectA}/providers/${blockProvider.id}/checkpoints`;

describe('checkpoints API', () => {
  let api: ApiUnderTest;
  let planId: string;

  beforeAll(async () => {
    // quota updates need a cloud admin: the admin role on the admin project, here projectA
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) }, roleTokens, {
      adminProject: projectA,
    });
    const plan = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: { plan: { name: 'p', provider_id: blockProvider.id, parameters: {}, resources: [volume] } },
    });
    planId = (plan.body as { plan: { id: string } }).plan.id;
  });
  afterAll(async () => api.close());

  const createCheckpoint = async (extra?: Record<string, unknown>) => {
    const reply = await api.call('POST', base, {
      token: alice,
      body: { checkpoint: { plan_id: planId, 'extra-info': extra ?? null } },
    });
    expect(reply.status, reply.text).toBe(200);
    return (
      reply.body as {
        checkpoint: {
          id: string;
          status: string;
          resource_graph: string;
          created_at: string;
          extra_info: string;
        };
      }
    ).checkpoint;
  };

  it('creates a protecting checkpoint with its graph, date and the client extra-info, and starts protect', async () => {
    const checkpoint = await createCheckpoint({ note: 'before upgrade' });
    expect(checkpoint.status).toBe('protecting');
    expect(JSON.parse(checkpoint.resource_graph)).toEqual([
      { '0x0': [volume.type, volume.id, volume.name, volume.extra_info] },
      [],
    ]);
    expect(checkpoint.created_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(checkpoint.extra_info)).toEqual({ note: 'before upgrade', created_by: 'manual' });
    const started = api.orchestrator.started.find((s) => s.input.checkpoint_id === checkpoint.id);
    expect(started).toMatchObject({ workflow: 'protect', name: `protect-${checkpoint.id}` });
    const logs = await api.call('GET', `/v1/${projectA}/operation_logs?checkpoint_id=${checkpoint.id}`, {
      token: alice,
    });
    expect(logs.body).toMatchObject({
      operation_logs: [{ operation_type: 'protect', status: 'protecting', plan_id: planId }],
    });
  });

  it('ends in error with the reason when the workflow cannot start, never stuck in protecting', async () => {
    api.orchestrator.failWith = new Error('state machine missing');
    try {
      const checkpoint = await createCheckpoint();
      expect(checkpoint.status).toBe('error');
      expect(JSON.parse(checkpoint.extra_info).fail_reason).toMatch(/state machine missing/);
      const logs = await api.call('GET', `/v1/${projectA}/operation_logs?checkpoint_id=${checkpoint.id}`, {
        token: alice,
      });
      expect(logs.body).toMatchObject({
        operation_logs: [{ status: 'error', error_info: expect.stringMatching(/state machine missing/) }],
      });
    } finally {
      api.orchestrator.failWith = undefined;
    }
  });

  it('refuses a plan of another provider, an unknown plan and bad ids', async () => {
    const unknownPlan = await api.call('POST', base, {
      token: alice,
      body: { checkpoint: { plan_id: '11111111-2222-3333-4444-555555555555' } },
    });
    expect(unknownPlan.body).toEqual({
      itemNotFound: { code: 404, message: 'Plan 11111111-2222-3333-4444-555555555555 could not be found.' },
    });
    const badProvider = await api.call('GET', `/v1/${projectA}/providers/nope/checkpoints`, { token: alice });
    expect(badProvider.body).toEqual({ badRequest: { code: 400, message: 'Invalid provider id provided.' } });
    const badId = await api.call('GET', `${base}/nope`, { token: alice });
    expect(badId.status).toBe(400);
    const missing = await api.call('GET', `${base}/11111111-2222-3333-4444-555555555555`, { token: alice });
    expect(missing.body).toEqual({
      itemNotFound: {
        code: 404,
        message: 'Checkpoint 11111111-2222-3333-4444-555555555555 could not be found.',
      },
    });
  });

  it('answers 403 for another project’s checkpoint, as Karbor does', async () => {
    const checkpoint = await createCheckpoint();
    const path = `/v1/${projectB}/providers/${blockProvider.id}/checkpoints/${checkpoint.id}`;
    for (const method of ['GET', 'DELETE'] as const) {
      const reply = await api.call(method, path, { token: bob });
      expect(reply.body).toEqual({
        forbidden: { code: 403, message: `Access checkpoint ${checkpoint.id} is not allowed` },
      });
    }
    const listed = await api.call('GET', `/v1/${projectB}/providers/${blockProvider.id}/checkpoints`, {
      token: bob,
    });
    expect((listed.body as { checkpoints: unknown[] }).checkpoints).toEqual([]);
  });

  it('deletes only available or errored checkpoints and keeps showing them as deleted', async () => {
    const checkpoint = await createCheckpoint();
    const path = `${base}/${checkpoint.id}`;
    const tooEarly = await api.call('DELETE', path, { token: alice });
    expect(tooEarly.body).toEqual({
      badRequest: { code: 400, message: `The checkpoint ${checkpoint.id} can not be deleted.` },
    });
    const bank = createBank();
    await bank.checkpoints.transition(projectA, checkpoint.id, 'available', { from: ['protecting'] });
    const deleted = await api.call('DELETE', path, { token: alice });
    expect(deleted).toMatchObject({ status: 200, body: {} });
    expect(api.orchestrator.started.at(-1)).toMatchObject({
      workflow: 'delete',
      name: `delete-${checkpoint.id}`,
    });
    await bank.checkpoints.transition(projectA, checkpoint.id, 'deleted');
    expect((await api.call('GET', path, { token: alice })).body).toMatchObject({
      checkpoint: { status: 'deleted' },
    });
    const listed = await api.call('GET', base, { token: alice });
    expect((listed.body as { checkpoints: { id: string }[] }).checkpoints.map((c) => c.id)).not.toContain(
      checkpoint.id,
    );
  });

  it('resets state only from settled states', async () => {
    const checkpoint = await createCheckpoint();
    const path = `${base}/${checkpoint.id}`;
    const body = { 'os-resetState': { state: 'error' } };
    expect((await api.call('PUT', path, { token: alice, body })).body).toEqual({
      badRequest: { code: 400, message: `The checkpoint ${checkpoint.id} can not be reset.` },
    });
    await createBank().checkpoints.transition(projectA, checkpoint.id, 'available', { from: ['protecting'] });
    expect(await api.call('PUT', path, { token: alice, body })).toMatchObject({ status: 200, body: {} });
    expect((await api.call('GET', path, { token: alice })).body).toMatchObject({
      checkpoint: { status: 'error' },
    });
    const bad = await api.call('PUT', path, {
      token: alice,
      body: { 'os-resetState': { state: 'deleted' } },
    });
    expect(bad.status).toBe(400);
  });

  it('lets an admin reset a checkpoint stuck protecting to error, which its owner can then delete', async () => {
    const checkpoint = await createCheckpoint();
    const path = `${base}/${checkpoint.id}`;
    const toAvailable = await api.call('PUT', path, {
      token: `carol:${projectA}:admin`,
      body: { 'os-resetState': { state: 'available' } },
    });
    expect(toAvailable.status, 'a protecting checkpoint never becomes available by reset').toBe(400);
    const reset = await api.call('PUT', path, {
      token: `carol:${projectA}:admin`,
      body: { 'os-resetState': { state: 'error' } },
    });
    expect(reset, reset.text).toMatchObject({ status: 200, body: {} });
    expect((await api.call('GET', path, { token: alice })).body).toMatchObject({
      checkpoint: { status: 'error' },
    });
    expect((await api.call('DELETE', path, { token: alice })).status).toBe(200);
  });

  it('lists by plan and by creation day, newest first by default', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const byPlan = await api.call('GET', `${base}?plan_id=${planId}`, { token: alice });
    const ids = (byPlan.body as { checkpoints: { id: string }[] }).checkpoints.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const byDay = await api.call('GET', `${base}?start_date=${today}&end_date=${today}`, { token: alice });
    expect((byDay.body as { checkpoints: { id: string }[] }).checkpoints.map((c) => c.id)).toEqual(ids);
    const none = await api.call('GET', `${base}?start_date=2001-01-01&end_date=2001-01-02`, { token: alice });
    expect((none.body as { checkpoints: unknown[] }).checkpoints).toEqual([]);
    const badDate = await api.call('GET', `${base}?start_date=yesterday`, { token: alice });
    expect(badDate.status).toBe(400);
    const limited = await api.call('GET', `${base}?limit=1`, { token: alice });
    expect(
      (limited.body as { checkpoints: unknown[]; checkpoints_links: unknown[] }).checkpoints_links,
    ).toHaveLength(1);
  });

  it('enforces the checkpoints quota', async () => {
    await api.call('PUT', `/v1/${projectA}/quotas/${projectA}`, {
      token: `root:${projectA}:admin`,
      body: { quota: { checkpoints: 1 } },
    });
    const refused = await api.call('POST', base, { token: alice, body: { checkpoint: { plan_id: planId } } });
    expect(refused.status).toBe(413);
    expect((refused.body as { overLimit: { message: string } }).overLimit.message).toMatch(
      /^Maximum number of checkpoints allowed \(1\) exceeded$/,
    );
    await api.call('PUT', `/v1/${projectA}/quotas/${projectA}`, {
      token: `root:${projectA}:admin`,
      body: { quota: { checkpoints: -1 } },
    });
  });
});
