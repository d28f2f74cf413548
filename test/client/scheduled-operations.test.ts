import { beforeAll, describe, expect, it } from 'vitest';
import { createPlan, dict, failed, json, ok, table, useKarborWithProvider } from './harness.js';

/**
 * Scheduled operations. Like `trigger create`, OSC `scheduledoperation create` crashes in the
 * real client, so creation goes through the legacy CLI; the rest is tested with both.
 */

const hourly = 'BEGIN:VEVENT\\nRRULE:FREQ=HOURLY;INTERVAL=1;\\nEND:VEVENT';
const unknownId = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';

describe('scheduled operations through the real CLIs', () => {
  const ctx = useKarborWithProvider();
  let planId: string;

  const newTrigger = async (name: string): Promise<string> => {
    const props = `pattern=${hourly},format=calendar,start_time=2031-01-01 00:00:00,window=1800`;
    return dict(await ctx.k.karbor(['trigger-create', name, 'time', props])).id as string;
  };

  const newOperation = async (name: string, triggerId: string, type = 'protect', extra = '') =>
    dict(
      await ctx.k.karbor([
        'scheduledoperation-create',
        name,
        type,
        triggerId,
        `provider_id=${ctx.providerId},plan_id=${planId}${extra}`,
      ]),
    );

  beforeAll(async () => {
    planId = (await createPlan(ctx.k, ctx.providerId, 'scheduled')).id;
  });

  it('karbor scheduledoperation-create prints the operation with a string definition', async () => {
    const triggerId = await newTrigger('so-create');
    const op = await newOperation('nightly', triggerId, 'retention_protect', ',max_backups=3');
    expect(op).toMatchObject({ name: 'nightly', operation_type: 'retention_protect', trigger_id: triggerId });
    expect(op.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(op.operation_definition as string)).toEqual({
      provider_id: ctx.providerId,
      plan_id: planId,
      max_backups: '3',
    });
  });

  it('karbor scheduledoperation-list / -show print the operation', async () => {
    const triggerId = await newTrigger('so-list');
    const op = await newOperation('listed-op', triggerId);
    const rows = table(await ctx.k.karbor(['scheduledoperation-list']));
    expect(rows.find((r) => r.Id === op.id)?.Name).toBe('listed-op');
    const byTrigger = table(await ctx.k.karbor(['scheduledoperation-list', '--trigger_id', triggerId]));
    expect(byTrigger.map((r) => r.Id)).toEqual([op.id]);
    const shown = dict(await ctx.k.karbor(['scheduledoperation-show', op.id as string]));
    expect(shown).toMatchObject({
      id: op.id,
      name: 'listed-op',
      operation_type: 'protect',
      trigger_id: triggerId,
    });
  });

  it('a trigger in use cannot be deleted (424); after the operation is deleted it can', async () => {
    const triggerId = await newTrigger('so-in-use');
    const op = await newOperation('blocking', triggerId);
    const refused = failed(await ctx.k.karbor(['trigger-delete', triggerId]));
    expect(refused).toContain('Trigger is being used by one or more operations');
    expect(refused).toContain('HTTP 424');
    ok(await ctx.k.karbor(['scheduledoperation-delete', op.id as string]));
    expect((await ctx.k.api('GET', `/scheduled_operations/${op.id}`)).status).toBe(404);
    ok(await ctx.k.karbor(['trigger-delete', triggerId]));
  });

  it('scheduledoperation-create with an unknown trigger prints the 404', async () => {
    const out = failed(
      await ctx.k.karbor([
        'scheduledoperation-create',
        'orphan',
        'protect',
        unknownId,
        `provider_id=${ctx.providerId},plan_id=${planId}`,
      ]),
    );
    expect(out).toContain('HTTP 404');
  });

  it('scheduledoperation-create without plan_id in the definition prints the 400', async () => {
    const triggerId = await newTrigger('so-bad');
    const out = failed(
      await ctx.k.karbor([
        'scheduledoperation-create',
        'bad',
        'protect',
        triggerId,
        `provider_id=${ctx.providerId}`,
      ]),
    );
    expect(out).toContain('HTTP 400');
    expect(out).toContain('plan_id');
  });

  it('scheduledoperation-show / -delete of unknown ids fail', async () => {
    const shown = failed(await ctx.k.karbor(['scheduledoperation-show', unknownId]));
    expect(shown).toContain('HTTP 404');
    const deleted = failed(await ctx.k.karbor(['scheduledoperation-delete', unknownId]));
    expect(deleted).toContain(`No scheduledoperation with a name or ID of '${unknownId}' exists.`);
  });

  it('openstack scheduledoperation list / show / delete', async () => {
    const triggerId = await newTrigger('so-osc');
    const op = await newOperation('osc-op', triggerId);
    const rows = json(await ctx.k.openstack(['scheduledoperation', 'list', '-f', 'json']));
    const row = rows.find((r: { Id: string }) => r.Id === op.id);
    expect(row).toMatchObject({ Name: 'osc-op', 'Operation Type': 'protect', 'Trigger Id': triggerId });
    expect(JSON.parse(row['Operation Definition']).plan_id).toBe(planId);
    const shown = json(await ctx.k.openstack(['scheduledoperation', 'show', op.id as string, '-f', 'json']));
    expect(shown).toMatchObject({ id: op.id, name: 'osc-op', trigger_id: triggerId });
    ok(await ctx.k.openstack(['scheduledoperation', 'delete', op.id as string]));
    expect((await ctx.k.api('GET', `/scheduled_operations/${op.id}`)).status).toBe(404);
  });

  it('another project neither lists, shows nor deletes the operation', async () => {
    const triggerId = await newTrigger('so-private');
    const op = await newOperation('private-op', triggerId);
    const id = op.id as string;
    const b = ctx.k.b;
    expect(table(await ctx.k.karbor(['scheduledoperation-list'], b)).map((r) => r.Id)).not.toContain(id);
    expect(failed(await ctx.k.karbor(['scheduledoperation-show', id], b))).toMatch(/HTTP 40[34]/);
    failed(await ctx.k.karbor(['scheduledoperation-delete', id], b));
    expect((await ctx.k.apiOk('GET', `/scheduled_operations/${id}`)).scheduled_operation.name).toBe(
      'private-op',
    );
  });

  it('another project cannot schedule on this project trigger', async () => {
    const triggerId = await newTrigger('so-foreign-trigger');
    const b = ctx.k.b;
    const bPlan = (await createPlan(ctx.k, ctx.providerId, 'b-plan', b)).id;
    const out = failed(
      await ctx.k.karbor(
        [
          'scheduledoperation-create',
          'sneaky',
          'protect',
          triggerId,
          `provider_id=${ctx.providerId},plan_id=${bPlan}`,
        ],
        b,
      ),
    );
    expect(out).toMatch(/HTTP 40[04]/);
  });
});
