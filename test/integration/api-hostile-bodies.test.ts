import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { maxBodyNesting } from '../../lib/karbor/http/body-limits.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import {
  type ApiUnderTest,
  fixedProtectables,
  roleTokens,
  startApiUnderTest,
} from '../support/api-under-test.js';

/**
 * Deeply nested or oversized request bodies (issue 17, item 2): every excess is a 400 in
 * Karbor's format naming the field, never a 500, and nothing is stored.
 */

const project = 'dddddddddddddddddddddddddddddddd';
const owner = `dora:${project}`;
/** Quotas are a cloud admin's: the admin role on the admin project, which this suite makes `project`. */
const cloudAdmin = `root:${project}:admin`;
const volume = { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: null };
const provider = blockProvider.id;
const uuid = '11111111-2222-3333-4444-555555555555';

/** A raw JSON value nested `levels` deep (arrays inside objects), built as text: no recursion anywhere. */
const deepJson = (levels: number): string => `${'{"k":'.repeat(levels - 1)}[]${'}'.repeat(levels - 1)}`;

describe('hostile request bodies', () => {
  let api: ApiUnderTest;
  let planId: string;
  let checkpointId: string;
  const checkpoints = `/v1/${project}/providers/${provider}/checkpoints`;

  beforeAll(async () => {
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) }, roleTokens, {
      adminProject: project,
    });
    const plan = await api.call('POST', `/v1/${project}/plans`, {
      token: owner,
      body: { plan: { name: 'p', provider_id: provider, parameters: {}, resources: [volume] } },
    });
    planId = (plan.body as { plan: { id: string } }).plan.id;
    const checkpoint = await api.call('POST', checkpoints, {
      token: owner,
      body: { checkpoint: { plan_id: planId } },
    });
    checkpointId = (checkpoint.body as { checkpoint: { id: string } }).checkpoint.id;
  });
  afterAll(async () => api.close());

  /** [method, path, wrapper, field, body with `@` where the deep value goes] */
  const targets = (): [string, string, string, string][] => [
    [
      'POST',
      checkpoints,
      'checkpoint.extra-info',
      `{"checkpoint": {"plan_id": "${planId}", "extra-info": @}}`,
    ],
    [
      'POST',
      checkpoints,
      'checkpoint.extra_info',
      `{"checkpoint": {"plan_id": "${planId}", "extra_info": @}}`,
    ],
    [
      'POST',
      `/v1/${project}/restores`,
      'restore.restore_target',
      `{"restore": {"provider_id": "${provider}", "checkpoint_id": "${checkpointId}", "restore_target": @, "parameters": {}}}`,
    ],
    [
      'POST',
      `/v1/${project}/restores`,
      'restore.parameters',
      `{"restore": {"provider_id": "${provider}", "checkpoint_id": "${checkpointId}", "parameters": @}}`,
    ],
    [
      'POST',
      `/v1/${project}/triggers`,
      'trigger_info.properties',
      '{"trigger_info": {"name": "t", "type": "time", "properties": @}}',
    ],
    [
      'POST',
      `/v1/${project}/plans`,
      'plan.description',
      `{"plan": {"name": "n", "provider_id": "${provider}", "parameters": {}, "resources": [], "description": @}}`,
    ],
    [
      'POST',
      `/v1/${project}/plans`,
      'plan.parameters',
      `{"plan": {"name": "n", "provider_id": "${provider}", "resources": [], "parameters": @}}`,
    ],
    ['PUT', `/v1/${project}/plans/${uuid}`, 'plan.resources', '{"plan": {"resources": @}}'],
    [
      'POST',
      `/v1/${project}/scheduled_operations`,
      'scheduled_operation.operation_definition',
      `{"scheduled_operation": {"name": "s", "operation_type": "protect", "trigger_id": "${uuid}", "operation_definition": @}}`,
    ],
    ['PUT', `${checkpoints}/${uuid}`, 'os-resetState.state', '{"os-resetState": {"state": @}}'],
    ['PUT', `/v1/${project}/quotas/${project}`, 'quota.plans', '{"quota": {"plans": @}}'],
  ];

  const storedState = async () => ({
    plans: (await createBank().plans.list(project)).length,
    checkpoints: (await createBank().checkpoints.listByProvider(project, provider)).length,
    restores: (await createBank().restores.list(project)).length,
    triggers: (await createBank().triggers.list(project)).length,
    usage: await createBank().quotas.usage(project, 'plans'),
  });

  it('answers a body nested 10,000 deep in any field with a 400 naming that field', async () => {
    const before = await storedState();
    for (const [method, path, field, template] of targets()) {
      const token = path.includes('/quotas/') ? cloudAdmin : owner;
      const reply = await api.call(method, path, { token, raw: template.replace('@', deepJson(10_000)) });
      expect(reply.status, `${field}: ${reply.text}`).toBe(400);
      expect((reply.body as { badRequest: { message: string } }).badRequest.message).toContain(
        `Invalid input for field/attribute ${field}`,
      );
    }
    const bare = await api.call('POST', `/v1/${project}/plans`, { token: owner, raw: '['.repeat(10_000) });
    expect(bare.status).toBe(400);
    expect(await storedState()).toEqual(before);
  });

  it('stores checkpoint extra-info up to the deepest level the Bank holds and refuses one level more', async () => {
    const wrapperLevels = 2;
    const deepest = maxBodyNesting - wrapperLevels;
    const accepted = await api.call('POST', checkpoints, {
      token: owner,
      raw: `{"checkpoint": {"plan_id": "${planId}", "extra-info": ${deepJson(deepest)}}}`,
    });
    expect(accepted.status, accepted.text).toBe(200);
    const refused = await api.call('POST', checkpoints, {
      token: owner,
      raw: `{"checkpoint": {"plan_id": "${planId}", "extra-info": ${deepJson(deepest + 1)}}}`,
    });
    expect(refused.status, refused.text).toBe(400);
    const issueCase = await api.call('POST', checkpoints, {
      token: owner,
      raw: `{"checkpoint": {"plan_id": "${planId}", "extra-info": ${deepJson(33)}}}`,
    });
    expect(issueCase.status, issueCase.text).toBe(400);
  });

  it('refuses a field larger than the Bank stores with a 400 naming it', async () => {
    const reply = await api.call('POST', checkpoints, {
      token: owner,
      body: { checkpoint: { plan_id: planId, 'extra-info': { blob: 'x'.repeat(70_000) } } },
    });
    expect(reply.status).toBe(400);
    expect((reply.body as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^Invalid input for field\/attribute checkpoint\.extra-info\. The value is \d+ bytes/,
    );
  });

  it('keeps schema error messages short however wide the refused value is', async () => {
    const wide = Array.from({ length: 5_000 }, (_, index) => index);
    const reply = await api.call('POST', `/v1/${project}/plans`, {
      token: owner,
      body: {
        plan: { name: 'n', provider_id: provider, parameters: {}, resources: [volume], description: wide },
      },
    });
    expect(reply.status).toBe(400);
    expect(reply.text.length).toBeLessThan(3_000);
  });
});
