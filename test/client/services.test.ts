import { describe, expect, it } from 'vitest';
import { failed, json, table, useKarbor } from './harness.js';

/**
 * Services (admin API, called as the admin caller). Whatever services our deployment reports,
 * both CLIs must print the same list, and enable/disable must round-trip where allowed.
 */

describe('services through the real CLIs', () => {
  const ctx = useKarbor();

  it('karbor service-list prints the services the API lists', async () => {
    const listed = (await ctx.k.apiOk('GET', '/os-services', undefined, ctx.k.admin)).services as Array<{
      id: number;
      binary: string;
    }>;
    const rows = table(await ctx.k.karbor(['service-list'], ctx.k.admin));
    expect(rows.map((r) => r.Id).sort()).toEqual(listed.map((s) => String(s.id)).sort());
    for (const row of rows) {
      expect(['enabled', 'disabled']).toContain(row.Status);
      expect(['up', 'down']).toContain(row.State);
    }
  });

  it('openstack service list matches and filters by binary', async () => {
    const listed = (await ctx.k.apiOk('GET', '/os-services', undefined, ctx.k.admin)).services as Array<{
      id: number;
      binary: string;
    }>;
    const rows = json(await ctx.k.openstack(['service', 'list', '-f', 'json'], ctx.k.admin));
    expect(rows.map((r: { Id: number }) => String(r.Id)).sort()).toEqual(
      listed.map((s) => String(s.id)).sort(),
    );
    const none = json(
      await ctx.k.openstack(['service', 'list', '--binary', 'karbor-nothing', '-f', 'json'], ctx.k.admin),
    );
    expect(none).toEqual([]);
  });

  it('disabling and enabling the operation engine round-trips the status and reason', async () => {
    const listed = (await ctx.k.apiOk('GET', '/os-services', undefined, ctx.k.admin)).services as Array<{
      id: number;
      binary: string;
    }>;
    const engine = listed.find((s) => s.binary === 'karbor-operationengine');
    expect(engine, 'no karbor-operationengine service listed').toBeDefined();
    const id = String(engine?.id);
    const disabled = table(
      await ctx.k.karbor(['service-disable', id, '--reason', 'maintenance'], ctx.k.admin),
    );
    expect(disabled[0]).toMatchObject({ Id: id, Status: 'disabled', 'Disabled Reason': 'maintenance' });
    const enabled = json(await ctx.k.openstack(['service', 'enable', id, '-f', 'json'], ctx.k.admin));
    expect(enabled).toMatchObject({ status: 'enabled' });
    const again = json(await ctx.k.openstack(['service', 'disable', id, '-f', 'json'], ctx.k.admin));
    expect(again.status).toBe('disabled');
    table(await ctx.k.karbor(['service-enable', id], ctx.k.admin));
  });

  it('a project member may not list services', async () => {
    expect(failed(await ctx.k.karbor(['service-list']))).toContain('HTTP 403');
  });

  it('enabling an unknown service prints the 404', async () => {
    const out = failed(await ctx.k.karbor(['service-enable', '987654'], ctx.k.admin));
    expect(out).toContain('HTTP 404');
    expect(failed(await ctx.k.openstack(['service', 'disable', '987654'], ctx.k.admin))).toContain(
      'HTTP 404',
    );
  });
});
