import { beforeAll, describe, expect, it } from 'vitest';
import { availableCheckpoint, dict, ended, failed, json, table, useKarborWithProvider } from './harness.js';

/**
 * Verifications behave like restores: refused with a fault when they cannot run (unlike
 * Karbor's 200 with `status: fail`), parameters limited to `sample_percent`; a recorded
 * verification starts `in_progress` and its workflow checks the saved project resource, ending
 * `success` (block-level verification runs in test/workflows and test/e2e).
 */

const unknownId = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const unknownCheckpoint = 'c0ffee00-1234-4567-89ab-cdef01234567';
let checkpoint = '';

describe('verifications through the real CLIs', () => {
  const ctx = useKarborWithProvider();
  beforeAll(async () => {
    checkpoint = await availableCheckpoint(ctx.k, ctx.providerId);
  });

  it('karbor verification-create of an unknown checkpoint prints the 404', async () => {
    const out = failed(await ctx.k.karbor(['verification-create', ctx.providerId, unknownCheckpoint]));
    expect(out).toContain('HTTP 404');
  });

  it('karbor verification-create of an available checkpoint prints the recorded verification', async () => {
    const verification = dict(await ctx.k.karbor(['verification-create', ctx.providerId, checkpoint]));
    expect(verification).toMatchObject({
      provider_id: ctx.providerId,
      checkpoint_id: checkpoint,
      project_id: ctx.k.a.projectId,
      status: 'in_progress',
    });
    expect(verification).not.toHaveProperty('restore_target');
  });

  it('karbor verification-list and verification-show print the recorded verification', async () => {
    const created = dict(await ctx.k.karbor(['verification-create', ctx.providerId, checkpoint]));
    await ended(() => ctx.k.karbor(['verification-show', created.id as string]));
    const row = table(await ctx.k.karbor(['verification-list'])).find((r) => r.Id === created.id);
    expect(row).toMatchObject({
      'Checkpoint id': checkpoint,
      'Provider id': ctx.providerId,
      Status: 'success',
    });
    const filtered = table(await ctx.k.karbor(['verification-list', '--status', 'success']));
    expect(filtered.map((r) => r.Id)).toContain(created.id);
    expect(filtered.every((r) => r.Status === 'success')).toBe(true);
    const shown = dict(await ctx.k.karbor(['verification-show', created.id as string]));
    expect(shown).toMatchObject({ id: created.id, status: 'success' });
  });

  it('verification-create accepts sample_percent and refuses other parameters', async () => {
    const sampled = dict(
      await ctx.k.karbor([
        'verification-create',
        ctx.providerId,
        checkpoint,
        '--parameters',
        'resource_type=OS::Cinder::Volume,sample_percent=10',
      ]),
    );
    expect(JSON.parse(sampled.parameters as string)).toEqual({
      'OS::Cinder::Volume': { sample_percent: '10' },
    });
    const refused = failed(
      await ctx.k.karbor([
        'verification-create',
        ctx.providerId,
        checkpoint,
        '--parameters',
        'resource_type=OS::Cinder::Volume,deep=true',
      ]),
    );
    expect(refused).toContain('HTTP 400');
  });

  it('verification-show of unknown and malformed ids prints the fault', async () => {
    const missing = failed(await ctx.k.karbor(['verification-show', unknownId]));
    expect(missing).toContain(unknownId);
    expect(missing).toContain('HTTP 404');
    expect(failed(await ctx.k.karbor(['verification-show', 'not-a-uuid']))).toContain('HTTP 400');
  });

  it('openstack verification create / list / show', async () => {
    const created = json(
      await ctx.k.openstack(['verification', 'create', ctx.providerId, checkpoint, '-f', 'json']),
    );
    expect(created).toMatchObject({ checkpoint_id: checkpoint, status: 'in_progress' });
    await ended(() => ctx.k.karbor(['verification-show', created.id]));
    const rows = json(await ctx.k.openstack(['verification', 'list', '-f', 'json']));
    expect(rows.find((r: { Id: string }) => r.Id === created.id)).toMatchObject({ Status: 'success' });
    expect(json(await ctx.k.openstack(['verification', 'show', created.id, '-f', 'json'])).id).toBe(
      created.id,
    );
    expect(failed(await ctx.k.openstack(['verification', 'show', unknownId]))).toContain(unknownId);
  });

  it('another project neither lists nor shows the verification', async () => {
    const created = dict(await ctx.k.karbor(['verification-create', ctx.providerId, checkpoint]));
    const id = created.id as string;
    expect(table(await ctx.k.karbor(['verification-list'], ctx.k.b)).map((r) => r.Id)).not.toContain(id);
    expect(failed(await ctx.k.karbor(['verification-show', id], ctx.k.b))).toContain('HTTP 404');
  });

  it('a verification with a malformed provider id is refused client-side and by the API', async () => {
    expect(failed(await ctx.k.karbor(['verification-create', 'nope', checkpoint]))).toContain(
      'Invalid provider id provided.',
    );
    const result = await ctx.k.api('POST', '/verifications', {
      verification: { provider_id: 'nope', checkpoint_id: checkpoint },
    });
    expect(result.status).toBe(400);
    expect(result.body.badRequest.message).toContain('provider_id');
  });
});
