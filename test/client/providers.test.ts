import { beforeAll, describe, expect, it } from 'vitest';
import { dict, failed, json, table, useKarbor } from './harness.js';

const unknownId = '11111111-2222-4333-8444-555555555555';

describe('providers through the real CLIs', () => {
  const ctx = useKarbor();
  // biome-ignore lint/suspicious/noExplicitAny: the API's own answer, compared with the CLI's
  let providers: any[];

  beforeAll(async () => {
    providers = (await ctx.k.apiOk('GET', '/providers')).providers;
    expect(providers.length).toBeGreaterThan(0);
  });

  it('karbor provider-list prints every provider with id, name and description', async () => {
    const rows = table(await ctx.k.karbor(['provider-list']));
    expect(rows.map((row) => row.Id).sort()).toEqual(providers.map((p) => p.id).sort());
    for (const provider of providers) {
      const row = rows.find((r) => r.Id === provider.id);
      expect(row?.Name).toBe(provider.name);
      expect(row?.Description).toBe(provider.description ?? '-');
    }
  });

  it('karbor provider-list --name filters by exact name and --limit caps the rows', async () => {
    const first = providers[0];
    const byName = table(await ctx.k.karbor(['provider-list', '--name', first.name]));
    expect(byName.map((row) => row.Id)).toContain(first.id);
    expect(byName.every((row) => row.Name === first.name)).toBe(true);
    expect(table(await ctx.k.karbor(['provider-list', '--name', 'no such provider']))).toEqual([]);
    expect(table(await ctx.k.karbor(['provider-list', '--limit', '1']))).toHaveLength(1);
  });

  it('karbor provider-show prints the provider and its extended_info_schema as JSON', async () => {
    const provider = providers[0];
    const shown = dict(await ctx.k.karbor(['provider-show', provider.id]));
    expect(shown.id).toBe(provider.id);
    expect(shown.name).toBe(provider.name);
    const schema = JSON.parse(shown.extended_info_schema as string);
    expect(Object.keys(schema).sort()).toEqual(['options_schema', 'restore_schema', 'saved_info_schema']);
  });

  it('karbor provider-show of an unknown id prints the 404 message', async () => {
    const out = failed(await ctx.k.karbor(['provider-show', unknownId]));
    expect(out).toMatch(/HTTP 404/);
  });

  it('karbor provider-show of a non-UUID id prints the 400 message', async () => {
    const out = failed(await ctx.k.karbor(['provider-show', 'not-a-uuid']));
    expect(out).toContain('Invalid provider id provided.');
    expect(out).toContain('HTTP 400');
  });

  it('openstack provider list prints the same providers as JSON', async () => {
    const rows = json(await ctx.k.openstack(['provider', 'list', '-f', 'json']));
    expect(rows.map((row: { Id: string }) => row.Id).sort()).toEqual(providers.map((p) => p.id).sort());
    const row = rows.find((r: { Id: string }) => r.Id === providers[0].id);
    expect(row.Name).toBe(providers[0].name);
  });

  it('openstack provider show prints id, name and the schema', async () => {
    const provider = providers[0];
    const shown = json(await ctx.k.openstack(['provider', 'show', provider.id, '-f', 'json']));
    expect(shown.id).toBe(provider.id);
    expect(shown.name).toBe(provider.name);
    expect(JSON.stringify(shown.extended_info_schema)).toContain('options_schema');
  });

  it('openstack provider show of an unknown id fails naming the id', async () => {
    const out = failed(await ctx.k.openstack(['provider', 'show', unknownId]));
    expect(out).toContain(unknownId);
  });

  it('a token for another project than the URL is refused: 400 Malformed request url', async () => {
    const legacy = failed(await ctx.k.karbor(['provider-list'], ctx.k.b, ctx.k.a));
    expect(legacy).toContain('Malformed request url');
    expect(legacy).toContain('HTTP 400');
    const osc = failed(await ctx.k.openstack(['provider', 'list', '-f', 'json'], ctx.k.b, ctx.k.a));
    expect(osc).toContain('Malformed request url');
  });
});
