import { describe, expect, it } from 'vitest';
import { dict, failed, json, ok, table, useKarbor } from './harness.js';

/**
 * Triggers. `openstack data protection trigger create` crashes client-side in the real
 * client (it hands the raw `k=v` string to the manager), so triggers are created with the
 * legacy CLI, which splits the properties on `,` — patterns therefore carry no commas and use
 * the literal `\n` escapes Karbor decodes.
 */

const hourly = 'BEGIN:VEVENT\\nRRULE:FREQ=HOURLY;INTERVAL=1;\\nEND:VEVENT';
const daily = 'BEGIN:VEVENT\\nRRULE:FREQ=DAILY;INTERVAL=1;\\nEND:VEVENT';
const unknownId = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a';

const props = (pattern: string, extra = ''): string =>
  `pattern=${pattern},format=calendar,start_time=2031-01-01 00:00:00,window=1800${extra}`;

describe('triggers through the real CLIs', () => {
  const ctx = useKarbor();

  const create = async (name: string, pattern = hourly) =>
    dict(await ctx.k.karbor(['trigger-create', name, 'time', props(pattern)]));

  it('karbor trigger-create prints the trigger with string properties', async () => {
    const trigger = await create('hourly');
    expect(trigger).toMatchObject({ name: 'hourly', type: 'time' });
    expect(trigger.id).toMatch(/^[0-9a-f-]{36}$/);
    const properties = JSON.parse(trigger.properties as string);
    expect(properties).toMatchObject({
      format: 'calendar',
      start_time: '2031-01-01 00:00:00',
      window: '1800',
    });
    expect(properties.pattern).toContain('FREQ=HOURLY');
  });

  it('karbor trigger-list and trigger-show print what was created', async () => {
    const trigger = await create('listed');
    const rows = table(await ctx.k.karbor(['trigger-list']));
    const row = rows.find((r) => r.Id === trigger.id);
    expect(row).toMatchObject({ Name: 'listed', Type: 'time' });
    expect(JSON.parse(row?.Properties as string).window).toBe('1800');
    const byName = table(await ctx.k.karbor(['trigger-list', '--name', 'listed']));
    expect(byName.map((r) => r.Id)).toEqual([trigger.id]);
    const shown = dict(await ctx.k.karbor(['trigger-show', trigger.id as string]));
    expect(shown).toMatchObject({ id: trigger.id, name: 'listed', type: 'time' });
  });

  it('karbor trigger-update renames and replaces the properties', async () => {
    const trigger = await create('before');
    const updated = dict(
      await ctx.k.karbor([
        'trigger-update',
        trigger.id as string,
        '--name',
        'after',
        '--properties',
        props(daily),
      ]),
    );
    expect(updated.name).toBe('after');
    expect(JSON.parse(updated.properties as string).pattern).toContain('FREQ=DAILY');
    const stored = (await ctx.k.apiOk('GET', `/triggers/${trigger.id}`)).trigger_info;
    expect(stored.name).toBe('after');
    expect(stored.properties.pattern).toContain('FREQ=DAILY');
  });

  it('trigger-update with properties but no start_time prints the 400 message', async () => {
    const trigger = await create('no-start');
    const out = failed(
      await ctx.k.karbor([
        'trigger-update',
        trigger.id as string,
        '--properties',
        `pattern=${daily},format=calendar,window=1800`,
      ]),
    );
    expect(out).toContain('start_time should be supplied');
    expect(out).toContain('HTTP 400');
  });

  it('trigger-create with an unparsable pattern or a window out of range prints a 400', async () => {
    const badPattern = failed(await ctx.k.karbor(['trigger-create', 'bad', 'time', props('not a calendar')]));
    expect(badPattern).toContain('HTTP 400');
    const badWindow = failed(
      await ctx.k.karbor([
        'trigger-create',
        'bad',
        'time',
        `pattern=${hourly},format=calendar,start_time=2031-01-01 00:00:00,window=5`,
      ]),
    );
    expect(badWindow).toContain('HTTP 400');
    const badType = failed(await ctx.k.karbor(['trigger-create', 'bad', 'event', props(hourly)]));
    expect(badType).toContain('HTTP 400');
    expect(table(await ctx.k.karbor(['trigger-list', '--name', 'bad']))).toEqual([]);
  });

  it('trigger-create with an unknown property is refused by the schema', async () => {
    const out = failed(
      await ctx.k.karbor(['trigger-create', 'extra', 'time', props(hourly, ',colour=blue')]),
    );
    expect(out).toContain('Invalid input for field/attribute');
    expect(out).toContain('HTTP 400');
  });

  it('karbor trigger-show / trigger-delete of unknown ids fail', async () => {
    const shown = failed(await ctx.k.karbor(['trigger-show', unknownId]));
    expect(shown).toContain('HTTP 404');
    const malformed = failed(await ctx.k.karbor(['trigger-show', 'not-a-uuid']));
    expect(malformed).toContain('Invalid trigger id provided.');
    const deleted = failed(await ctx.k.karbor(['trigger-delete', unknownId]));
    expect(deleted).toContain(`No trigger with a name or ID of '${unknownId}' exists.`);
  });

  it('karbor trigger-delete removes the trigger', async () => {
    const trigger = await create('doomed');
    ok(await ctx.k.karbor(['trigger-delete', trigger.id as string]));
    expect((await ctx.k.api('GET', `/triggers/${trigger.id}`)).status).toBe(404);
  });

  it('openstack trigger list / show / update / delete', async () => {
    const trigger = await create('osc');
    const rows = json(await ctx.k.openstack(['trigger', 'list', '-f', 'json']));
    const row = rows.find((r: { Id: string }) => r.Id === trigger.id);
    expect(row).toMatchObject({ Name: 'osc', Type: 'time' });
    expect(row.Properties.window).toBe('1800');
    const shown = json(await ctx.k.openstack(['trigger', 'show', trigger.id as string, '-f', 'json']));
    expect(shown).toMatchObject({ id: trigger.id, name: 'osc', type: 'time' });
    const updated = json(
      await ctx.k.openstack([
        'trigger',
        'update',
        trigger.id as string,
        '--name',
        'osc2',
        '--properties',
        props(daily),
        '-f',
        'json',
      ]),
    );
    expect(updated.name).toBe('osc2');
    expect(updated.properties.pattern).toContain('FREQ=DAILY');
    ok(await ctx.k.openstack(['trigger', 'delete', trigger.id as string]));
    expect((await ctx.k.api('GET', `/triggers/${trigger.id}`)).status).toBe(404);
    expect(failed(await ctx.k.openstack(['trigger', 'show', unknownId]))).toContain(unknownId);
  });

  it('another project cannot see, update or delete the trigger', async () => {
    const trigger = await create('private');
    const id = trigger.id as string;
    const b = ctx.k.b;
    expect(table(await ctx.k.karbor(['trigger-list'], b)).map((r) => r.Id)).not.toContain(id);
    expect(failed(await ctx.k.karbor(['trigger-show', id], b))).toMatch(/HTTP 40[34]/);
    expect(
      failed(await ctx.k.karbor(['trigger-update', id, '--name', 'x', '--properties', props(daily)], b)),
    ).toMatch(/HTTP 40[34]/);
    failed(await ctx.k.karbor(['trigger-delete', id], b));
    failed(await ctx.k.openstack(['trigger', 'delete', id], b));
    const stored = (await ctx.k.apiOk('GET', `/triggers/${id}`)).trigger_info;
    expect(stored.name).toBe('private');
    expect(stored.properties.pattern).toContain('FREQ=HOURLY');
  });
});
