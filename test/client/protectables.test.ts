import { describe, expect, it } from 'vitest';
import { dict, failed, json, table, useKarbor } from './harness.js';

/**
 * Protectable types need no cloud; instances do (cloud/with-cloud.test.ts) — except the
 * project itself, which Karbor's project plugin answers from the token (reference §4.1).
 */

const allTypes = ['OS::Cinder::Volume', 'OS::Glance::Image', 'OS::Keystone::Project', 'OS::Nova::Server'];

describe('protectables through the real CLIs', () => {
  const ctx = useKarbor();

  it('karbor protectable-list prints the protectable types', async () => {
    const types = table(await ctx.k.karbor(['protectable-list'])).map((r) => r['Protectable type']);
    expect(types).toEqual(expect.arrayContaining(allTypes));
    const listed = (await ctx.k.apiOk('GET', '/protectables')).protectable_type;
    expect(types.sort()).toEqual([...listed].sort());
  });

  it('openstack protectable list prints the same types', async () => {
    const rows = json(await ctx.k.openstack(['protectable', 'list', '-f', 'json']));
    expect(rows.map((r: Record<string, string>) => r['Protectable type'])).toEqual(
      expect.arrayContaining(allTypes),
    );
  });

  it('karbor protectable-show prints the dependent types of a server', async () => {
    const shown = dict(await ctx.k.karbor(['protectable-show', 'OS::Nova::Server']));
    expect(shown.name).toBe('OS::Nova::Server');
    expect(shown.dependent_types).toContain('OS::Cinder::Volume');
    expect(shown.dependent_types).toContain('OS::Glance::Image');
  });

  it('openstack protectable show of a leaf type has no dependents', async () => {
    const shown = json(await ctx.k.openstack(['protectable', 'show', 'OS::Cinder::Volume', '-f', 'json']));
    expect(shown).toMatchObject({ name: 'OS::Cinder::Volume', dependent_types: '' }); // OSC joins the list with newlines
  });

  it('protectable-show of an unknown type prints the 400 message', async () => {
    const out = failed(await ctx.k.karbor(['protectable-show', 'OS::Not::AType']));
    expect(out).toContain('Invalid protectable type provided.');
    expect(out).toContain('HTTP 400');
  });

  it('protectable-show-instance of the project echoes the project id', async () => {
    const a = ctx.k.a;
    const shown = dict(
      await ctx.k.karbor(['protectable-show-instance', 'OS::Keystone::Project', a.projectId]),
    );
    expect(shown).toMatchObject({ id: a.projectId, type: 'OS::Keystone::Project' });
    const osc = json(
      await ctx.k.openstack([
        'protectable',
        'instance',
        'show',
        'OS::Keystone::Project',
        a.projectId,
        '-f',
        'json',
      ]),
    );
    expect(osc).toMatchObject({ id: a.projectId, type: 'OS::Keystone::Project' });
  });

  it('protectable-list-instances of an unknown type prints the 400 message', async () => {
    const out = failed(await ctx.k.karbor(['protectable-list-instances', 'OS::Not::AType']));
    expect(out).toContain('Invalid protectable type provided.');
    const osc = failed(
      await ctx.k.openstack(['protectable', 'instance', 'list', 'OS::Not::AType', '-f', 'json']),
    );
    expect(osc).toContain('Invalid protectable type provided.');
  });
});
