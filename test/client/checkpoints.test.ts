import { describe, expect, it } from 'vitest';
import { createPlan, failed, json, table, useKarborWithProvider } from './harness.js';

/**
 * Checkpoints without a cloud: creating one builds the resource graph from the cloud, so the
 * success path lives in cloud/with-cloud.test.ts. Here: listing, lookups and every error the
 * API answers before it needs OpenStack.
 */

const unknownId = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const otherProvider = '00000000-0000-4000-8000-0000000000ff';

describe('checkpoints through the real CLIs', () => {
  const ctx = useKarborWithProvider();

  it('karbor checkpoint-list of a fresh project prints an empty table', async () => {
    const result = await ctx.k.karbor(['checkpoint-list', ctx.providerId]);
    expect(table(result)).toEqual([]);
    expect(result.stdout).toContain('Protection plan');
  });

  it('openstack checkpoint list of a fresh project prints an empty JSON list', async () => {
    expect(json(await ctx.k.openstack(['checkpoint', 'list', ctx.providerId, '-f', 'json']))).toEqual([]);
  });

  it('checkpoint-list with a plan filter that matches nothing prints an empty table', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'unprotected');
    expect(table(await ctx.k.karbor(['checkpoint-list', ctx.providerId, '--plan_id', plan.id]))).toEqual([]);
    expect(
      table(await ctx.k.karbor(['checkpoint-list', ctx.providerId, '--start_date', '2020-01-01'])),
    ).toEqual([]);
  });

  it('checkpoint-create for an unknown plan prints the 404 message', async () => {
    const out = failed(await ctx.k.karbor(['checkpoint-create', ctx.providerId, unknownId]));
    expect(out).toContain(`Plan ${unknownId} could not be found.`);
    expect(out).toContain('HTTP 404');
    const osc = failed(
      await ctx.k.openstack(['checkpoint', 'create', ctx.providerId, unknownId, '-f', 'json']),
    );
    expect(osc).toContain(`Plan ${unknownId} could not be found.`);
  });

  it('checkpoint-create for another project plan is a 404 too', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'foreign', ctx.k.b);
    const out = failed(await ctx.k.karbor(['checkpoint-create', ctx.providerId, plan.id]));
    expect(out).toContain(`Plan ${plan.id} could not be found.`);
  });

  it('checkpoint-create under a provider other than the plan one prints the 400 message', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'mismatch');
    const out = failed(await ctx.k.karbor(['checkpoint-create', otherProvider, plan.id]));
    expect(out).toContain('The parameter provider_id is not the same as the value in the plan.');
    expect(out).toContain('HTTP 400');
  });

  it('checkpoint-show of unknown and malformed ids prints the fault', async () => {
    const missing = failed(await ctx.k.karbor(['checkpoint-show', ctx.providerId, unknownId]));
    expect(missing).toContain(`Checkpoint ${unknownId} could not be found.`);
    expect(missing).toContain('HTTP 404');
    const malformed = failed(await ctx.k.karbor(['checkpoint-show', ctx.providerId, 'not-a-uuid']));
    expect(malformed).toContain('HTTP 400');
    const osc = failed(
      await ctx.k.openstack(['checkpoint', 'show', ctx.providerId, unknownId, '-f', 'json']),
    );
    expect(osc).toContain(`Checkpoint ${unknownId} could not be found.`);
  });

  it('checkpoint-delete of an unknown id reports it not found', async () => {
    const legacy = failed(await ctx.k.karbor(['checkpoint-delete', ctx.providerId, unknownId]));
    expect(legacy).toContain(`Failed to delete '${unknownId}'; checkpoint not found`);
    expect(legacy).toContain('Unable to find and delete any of the specified checkpoint.');
    const osc = failed(await ctx.k.openstack(['checkpoint', 'delete', ctx.providerId, unknownId]));
    expect(osc).toContain('Unable to find and delete any of the specified checkpoint.');
  });

  it('checkpoint-reset-state of an unknown id reports it not found', async () => {
    const legacy = failed(
      await ctx.k.karbor(['checkpoint-reset-state', ctx.providerId, unknownId, '--available']),
    );
    expect(legacy).toContain(`Failed to reset state of '${unknownId}'; checkpoint not found`);
    const osc = failed(await ctx.k.openstack(['checkpoint', 'reset', 'state', ctx.providerId, unknownId]));
    expect(osc).toContain("Unable to find or reset any of the specified checkpoint's state.");
  });

  it('the reset-state body is validated: an unknown state is a 400', async () => {
    const result = await ctx.k.api('PUT', `/providers/${ctx.providerId}/checkpoints/${unknownId}`, {
      'os-resetState': { state: 'protecting' },
    });
    expect(result.status).toBe(400);
    expect(result.body.badRequest.message).toContain('Invalid input for field/attribute');
  });
});
