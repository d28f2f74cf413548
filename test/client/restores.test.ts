import { beforeAll, describe, expect, it } from 'vitest';
import { availableCheckpoint, dict, ended, failed, json, table, useKarborWithProvider } from './harness.js';

/**
 * Restores without a cloud. Unlike Karbor (reference §3.5), a restore that cannot run is refused
 * with a fault (README, deliberate differences); a restore of an available checkpoint is
 * recorded `in_progress` and its workflow restores the project resource (which needs no cloud),
 * ending `success`. Restores of volumes and servers run in test/e2e and test/workflows.
 */

const unknownId = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
const unknownCheckpoint = 'c0ffee00-1234-4567-89ab-cdef01234567';
let checkpoint = '';

describe('restores through the real CLIs', () => {
  const ctx = useKarborWithProvider();
  beforeAll(async () => {
    checkpoint = await availableCheckpoint(ctx.k, ctx.providerId);
  });

  it('karbor restore-create of an unknown checkpoint prints the 404', async () => {
    const out = failed(await ctx.k.karbor(['restore-create', ctx.providerId, unknownCheckpoint]));
    expect(out).toContain(`Checkpoint ${unknownCheckpoint} could not be found.`);
    expect(out).toContain('HTTP 404');
  });

  it('karbor restore-create of an available checkpoint prints the recorded restore', async () => {
    const restore = dict(await ctx.k.karbor(['restore-create', ctx.providerId, checkpoint]));
    expect(restore).toMatchObject({
      provider_id: ctx.providerId,
      checkpoint_id: checkpoint,
      project_id: ctx.k.a.projectId,
      status: 'in_progress',
    });
    expect(restore.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(restore.parameters as string)).toEqual({});
  });

  it('karbor restore-list and restore-show print the recorded restore', async () => {
    const created = dict(await ctx.k.karbor(['restore-create', ctx.providerId, checkpoint]));
    await ended(() => ctx.k.karbor(['restore-show', created.id as string]));
    const rows = table(await ctx.k.karbor(['restore-list']));
    const row = rows.find((r) => r.Id === created.id);
    expect(row).toMatchObject({
      'Checkpoint id': checkpoint,
      'Provider id': ctx.providerId,
      Status: 'success',
    });
    expect(table(await ctx.k.karbor(['restore-list', '--status', 'fail'])).map((r) => r.Id)).not.toContain(
      created.id,
    );
    const shown = dict(await ctx.k.karbor(['restore-show', created.id as string]));
    expect(shown).toMatchObject({ id: created.id, checkpoint_id: checkpoint, status: 'success' });
  });

  it('restore-show of unknown and malformed ids prints the fault', async () => {
    const missing = failed(await ctx.k.karbor(['restore-show', unknownId]));
    expect(missing).toContain(unknownId);
    expect(missing).toContain('HTTP 404');
    expect(failed(await ctx.k.karbor(['restore-show', 'not-a-uuid']))).toContain('HTTP 400');
  });

  it('restore-create with parameters for an unknown resource type prints the 400', async () => {
    const result = await ctx.k.karbor([
      'restore-create',
      ctx.providerId,
      checkpoint,
      '--parameters',
      'resource_type=Not::A::Type,restore_name=x',
    ]);
    expect(failed(result)).toContain('The key of restore parameters is invalid.');
  });

  it('openstack restore create / list / show', async () => {
    const created = json(
      await ctx.k.openstack(['restore', 'create', ctx.providerId, checkpoint, '-f', 'json']),
    );
    expect(created).toMatchObject({
      provider_id: ctx.providerId,
      checkpoint_id: checkpoint,
      status: 'in_progress',
    });
    await ended(() => ctx.k.karbor(['restore-show', created.id as string]));
    const rows = json(await ctx.k.openstack(['restore', 'list', '-f', 'json']));
    expect(rows.find((r: { Id: string }) => r.Id === created.id)).toMatchObject({
      'Checkpoint id': checkpoint,
      Status: 'success',
    });
    const shown = json(await ctx.k.openstack(['restore', 'show', created.id, '-f', 'json']));
    expect(shown).toMatchObject({ id: created.id, status: 'success' });
    expect(failed(await ctx.k.openstack(['restore', 'show', unknownId]))).toContain(unknownId);
  });

  it('another project neither lists nor shows the restore', async () => {
    const created = dict(await ctx.k.karbor(['restore-create', ctx.providerId, checkpoint]));
    const id = created.id as string;
    expect(table(await ctx.k.karbor(['restore-list'], ctx.k.b)).map((r) => r.Id)).not.toContain(id);
    expect(failed(await ctx.k.karbor(['restore-show', id], ctx.k.b))).toContain('HTTP 404');
    expect(failed(await ctx.k.openstack(['restore', 'show', id], ctx.k.b))).toContain(id);
  });

  it('a restore body without checkpoint_id is a 400 naming the field', async () => {
    const result = await ctx.k.api('POST', '/restores', {
      restore: { provider_id: ctx.providerId, parameters: {} },
    });
    expect(result.status).toBe(400);
    expect(result.body.badRequest.message).toContain('checkpoint_id');
  });
});
