import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { restoreAuthKey } from '../../lib/bank/keys.js';
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
const volume = { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: null };

describe('restores and verifications API', () => {
  let api: ApiUnderTest;
  let checkpointId: string;
  let protectingId: string;

  beforeAll(async () => {
    // any filter column is a cloud admin's: the admin role on the admin project, here projectA
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) }, roleTokens, {
      adminProject: projectA,
    });
    const plan = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: { plan: { name: 'p', provider_id: blockProvider.id, parameters: {}, resources: [volume] } },
    });
    const planId = (plan.body as { plan: { id: string } }).plan.id;
    const create = () =>
      api.call('POST', `/v1/${projectA}/providers/${blockProvider.id}/checkpoints`, {
        token: alice,
        body: { checkpoint: { plan_id: planId } },
      });
    checkpointId = ((await create()).body as { checkpoint: { id: string } }).checkpoint.id;
    protectingId = ((await create()).body as { checkpoint: { id: string } }).checkpoint.id;
    await createBank().checkpoints.transition(projectA, checkpointId, 'available', { from: ['protecting'] });
  });
  afterAll(async () => api.close());

  const restoreBody = (overrides: Record<string, unknown> = {}) => ({
    restore: { provider_id: blockProvider.id, checkpoint_id: checkpointId, parameters: {}, ...overrides },
  });

  it('starts a restore in progress with an operation log, and stores target credentials apart', async () => {
    const reply = await api.call('POST', `/v1/${projectA}/restores`, {
      token: alice,
      body: restoreBody({
        restore_target: 'http://other-cloud:5000/v3',
        restore_auth: { type: 'password', username: 'u', password: 's3cret' },
        parameters: { 'OS::Cinder::Volume': { restore_name: 'copy' } },
      }),
    });
    expect(reply.status, reply.text).toBe(200);
    const restore = (reply.body as { restore: Record<string, unknown> }).restore;
    expect(restore).toMatchObject({
      status: 'in_progress',
      checkpoint_id: checkpointId,
      restore_target: 'http://other-cloud:5000/v3',
      resources_status: {},
      resources_reason: {},
    });
    expect(reply.text).not.toContain('s3cret');
    expect(restore).not.toHaveProperty('restore_auth');
    const stored = await createBank().store.get(restoreAuthKey(projectA, restore.id as string));
    expect(stored).toMatchObject({ auth: { password: 's3cret' }, expiresAt: expect.any(Number) });
    expect(api.orchestrator.started.at(-1)).toMatchObject({
      workflow: 'restore',
      input: { restore_id: restore.id },
    });
    const shown = await api.call('GET', `/v1/${projectA}/restores/${restore.id}`, { token: alice });
    expect(shown.text).not.toContain('s3cret');
    const logs = await api.call('GET', `/v1/${projectA}/operation_logs?restore_id=${restore.id}`, {
      token: alice,
    });
    expect(logs.body).toMatchObject({
      operation_logs: [{ operation_type: 'restore', status: 'in_progress' }],
    });
  });

  it('refuses restores that cannot run with a fault instead of a failed record', async () => {
    const notAvailable = await api.call('POST', `/v1/${projectA}/restores`, {
      token: alice,
      body: restoreBody({ checkpoint_id: protectingId }),
    });
    expect(notAvailable.status).toBe(400);
    const badOption = await api.call('POST', `/v1/${projectA}/restores`, {
      token: alice,
      body: restoreBody({ parameters: { 'OS::Cinder::Volume': { shoe_size: 9 } } }),
    });
    expect(badOption.body).toEqual({
      badRequest: { code: 400, message: 'The restore property of restore parameters is invalid.' },
    });
    const missing = await api.call('POST', `/v1/${projectA}/restores`, {
      token: alice,
      body: { restore: { provider_id: blockProvider.id } },
    });
    expect(missing.status).toBe(400);
    const foreign = await api.call('POST', `/v1/${projectB}/restores`, { token: bob, body: restoreBody() });
    expect(foreign.body).toEqual({
      forbidden: { code: 403, message: `Access checkpoint ${checkpointId} is not allowed` },
    });
  });

  it('keeps restores and verifications to their project', async () => {
    const listedByB = await api.call('GET', `/v1/${projectB}/restores`, { token: bob });
    expect((listedByB.body as { restores: unknown[] }).restores).toEqual([]);
    const listedByA = await api.call('GET', `/v1/${projectA}/restores?status=in_progress`, { token: alice });
    const [first] = (listedByA.body as { restores: { id: string }[] }).restores;
    expect(first).toBeDefined();
    expect((await api.call('GET', `/v1/${projectB}/restores/${first?.id}`, { token: bob })).status).toBe(404);
    const unknownColumn = await api.call('GET', `/v1/${projectA}/restores?colour=red`, {
      token: `root:${projectA}:admin`,
    });
    expect((unknownColumn.body as { restores: unknown[] }).restores).toEqual([]);
  });

  it('verifies with an optional sample percentage and nothing else', async () => {
    const reply = await api.call('POST', `/v1/${projectA}/verifications`, {
      token: alice,
      body: {
        verification: {
          provider_id: blockProvider.id,
          checkpoint_id: checkpointId,
          parameters: { 'OS::Cinder::Volume': { sample_percent: 10 } },
        },
      },
    });
    expect(reply.body).toMatchObject({
      verification: { status: 'in_progress', checkpoint_id: checkpointId },
    });
    expect(api.orchestrator.started.at(-1)).toMatchObject({ workflow: 'verify' });
    const bad = await api.call('POST', `/v1/${projectA}/verifications`, {
      token: alice,
      body: {
        verification: {
          provider_id: blockProvider.id,
          checkpoint_id: checkpointId,
          parameters: { 'OS::Cinder::Volume': { sample_percent: 500 } },
        },
      },
    });
    expect(bad.status).toBe(400);
    const id = (reply.body as { verification: { id: string } }).verification.id;
    expect((await api.call('GET', `/v1/${projectA}/verifications/${id}`, { token: alice })).status).toBe(200);
    expect((await api.call('GET', `/v1/${projectB}/verifications/${id}`, { token: bob })).status).toBe(404);
  });

  it('marks a run failed with the reason when its workflow cannot start', async () => {
    api.orchestrator.failWith = new Error('no restore state machine');
    try {
      const reply = await api.call('POST', `/v1/${projectA}/restores`, { token: alice, body: restoreBody() });
      expect(reply.body).toMatchObject({
        restore: {
          status: 'fail',
          resources_reason: { restore: expect.stringMatching(/no restore state machine/) },
        },
      });
    } finally {
      api.orchestrator.failWith = undefined;
    }
  });
});
