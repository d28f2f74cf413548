import { describe, expect, it } from 'vitest';
import { dict, failed, json, table, useKarborWithProvider } from './harness.js';

/**
 * Restores without a cloud: Karbor answers a restore of a checkpoint it cannot load with 200
 * and `status: fail` (reference §3.5) — the record exists and is listed. Successful restores
 * need a protected checkpoint: cloud/with-cloud.test.ts.
 */

const unknownId = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
const missingCheckpoint = 'c0ffee00-1234-4567-89ab-cdef01234567';

describe('restores through the real CLIs', () => {
  const ctx = useKarborWithProvider();

  it('karbor restore-create of an unknown checkpoint prints a restore in status fail', async () => {
    const restore = dict(await ctx.k.karbor(['restore-create', ctx.providerId, missingCheckpoint]));
    expect(restore).toMatchObject({
      provider_id: ctx.providerId,
      checkpoint_id: missingCheckpoint,
      project_id: ctx.k.a.projectId,
      status: 'fail',
    });
    expect(restore.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(restore.parameters as string)).toEqual({});
  });

  it('karbor restore-list and restore-show print the recorded restore', async () => {
    const created = dict(await ctx.k.karbor(['restore-create', ctx.providerId, missingCheckpoint]));
    const rows = table(await ctx.k.karbor(['restore-list']));
    const row = rows.find((r) => r.Id === created.id);
    expect(row).toMatchObject({
      'Checkpoint id': missingCheckpoint,
      'Provider id': ctx.providerId,
      Status: 'fail',
    });
    expect(table(await ctx.k.karbor(['restore-list', '--status', 'success'])).map((r) => r.Id)).not.toContain(
      created.id,
    );
    const shown = dict(await ctx.k.karbor(['restore-show', created.id as string]));
    expect(shown).toMatchObject({ id: created.id, checkpoint_id: missingCheckpoint, status: 'fail' });
  });

  it('restore-show of unknown and malformed ids prints the fault', async () => {
    const missing = failed(await ctx.k.karbor(['restore-show', unknownId]));
    expect(missing).toContain(unknownId);
    expect(missing).toContain('HTTP 404');
    expect(failed(await ctx.k.karbor(['restore-show', 'not-a-uuid']))).toContain('HTTP 400');
  });

  it('restore-create with parameters for an unknown resource type records a failed restore', async () => {
    const result = await ctx.k.karbor([
      'restore-create',
      ctx.providerId,
      missingCheckpoint,
      '--parameters',
      'resource_type=Not::A::Type,restore_name=x',
    ]);
    expect(dict(result)).toMatchObject({ status: 'fail', checkpoint_id: missingCheckpoint });
  });

  it('openstack restore create / list / show', async () => {
    const created = json(
      await ctx.k.openstack(['restore', 'create', ctx.providerId, missingCheckpoint, '-f', 'json']),
    );
    expect(created).toMatchObject({
      provider_id: ctx.providerId,
      checkpoint_id: missingCheckpoint,
      status: 'fail',
    });
    const rows = json(await ctx.k.openstack(['restore', 'list', '-f', 'json']));
    expect(rows.find((r: { Id: string }) => r.Id === created.id)).toMatchObject({
      'Checkpoint id': missingCheckpoint,
      Status: 'fail',
    });
    const shown = json(await ctx.k.openstack(['restore', 'show', created.id, '-f', 'json']));
    expect(shown).toMatchObject({ id: created.id, status: 'fail' });
    expect(failed(await ctx.k.openstack(['restore', 'show', unknownId]))).toContain(unknownId);
  });

  it('another project neither lists nor shows the restore', async () => {
    const created = dict(await ctx.k.karbor(['restore-create', ctx.providerId, missingCheckpoint]));
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
