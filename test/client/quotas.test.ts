import { describe, expect, it } from 'vitest';
import { selectedAuthMode } from './auth-modes.js';
import { createPlan, dict, failed, json, useKarborWithProvider } from './harness.js';

/**
 * Quotas: `plans` (default 50) and `checkpoints` (default -1). The CLIs need `--tenant` in
 * token mode: without it they ask the transport for a project id it does not have.
 */

describe('quotas through the real CLIs', () => {
  const ctx = useKarborWithProvider();

  it('karbor quota-show prints the project quota with its id', async () => {
    const shown = dict(await ctx.k.karbor(['quota-show', '--tenant', ctx.k.a.projectId]));
    expect(shown).toEqual({ checkpoints: '-1', id: ctx.k.a.projectId, plans: '50' });
  });

  it('karbor quota-defaults prints the defaults', async () => {
    const shown = dict(await ctx.k.karbor(['quota-defaults', '--tenant', ctx.k.a.projectId]));
    expect(shown).toEqual({ checkpoints: '-1', id: ctx.k.a.projectId, plans: '50' });
  });

  it('karbor quota-show --detail prints limit, in_use and reserved', async () => {
    await createPlan(ctx.k, ctx.providerId, 'counted');
    const shown = dict(await ctx.k.karbor(['quota-show', '--tenant', ctx.k.a.projectId, '--detail']));
    expect(shown.plans).toBe('in_use = 1\nlimit = 50\nreserved = 0');
    expect(shown.checkpoints).toBe('in_use = 0\nlimit = -1\nreserved = 0');
  });

  it('quota-update --plans 1 then a second plan is refused with 413', async () => {
    const b = ctx.k.b;
    const updated = dict(await ctx.k.karbor(['quota-update', b.projectId, '--plans', '1'], ctx.k.admin));
    expect(updated.plans).toBe('1');
    expect(dict(await ctx.k.karbor(['quota-show', '--tenant', b.projectId], b)).plans).toBe('1');
    await createPlan(ctx.k, ctx.providerId, 'first', b);
    const second = await ctx.k.api(
      'POST',
      '/plans',
      {
        plan: {
          name: 'second',
          provider_id: ctx.providerId,
          resources: [{ id: b.projectId, type: 'OS::Keystone::Project', name: 'project' }],
          parameters: {},
        },
      },
      b,
    );
    expect(second.status).toBe(413);
    expect(second.body).toEqual({
      overLimit: { code: 413, message: 'Maximum number of plans allowed (1) exceeded' },
    });
    const cli = failed(
      await ctx.k.karbor(
        ['plan-create', 'third', ctx.providerId, `${b.projectId}=OS::Keystone::Project=project`],
        b,
      ),
    );
    expect(cli).toContain('Maximum number of plans allowed (1) exceeded');
    expect(cli).toContain('HTTP 413');
    // the other project keeps its default
    expect(dict(await ctx.k.karbor(['quota-show', '--tenant', ctx.k.a.projectId])).plans).toBe('50');
  });

  it('quota-show of a non-uuid project prints a 400', async () => {
    const out = failed(await ctx.k.karbor(['quota-show', '--tenant', 'not a project']));
    expect(out).toContain('HTTP 400');
  });

  it('openstack data protection quotas show / default / update', async () => {
    const a = ctx.k.a;
    const shown = json(await ctx.k.openstack(['quotas', 'show', '--tenant', a.projectId, '-f', 'json']));
    expect(shown).toMatchObject({ id: a.projectId, checkpoints: -1 });
    expect(typeof shown.plans).toBe('number');
    const defaults = json(
      await ctx.k.openstack(['quotas', 'default', '--tenant', a.projectId, '-f', 'json']),
    );
    expect(defaults).toEqual({ id: a.projectId, plans: 50, checkpoints: -1 });
    const updated = json(
      await ctx.k.openstack(['quotas', 'update', a.projectId, '--plans', '7', '-f', 'json'], ctx.k.admin),
    );
    expect(updated.plans).toBe(7);
    const detail = json(
      await ctx.k.openstack(['quotas', 'show', '--tenant', a.projectId, '--detail', '-f', 'json']),
    );
    expect(detail.plans).toMatch(/^in_use = \d+\nlimit = 7\nreserved = 0$/);
  });

  it('a project member may not change quotas', async () => {
    expect(failed(await ctx.k.karbor(['quota-update', ctx.k.a.projectId, '--plans', '3']))).toContain(
      'HTTP 403',
    );
  });

  // noauth tokens only: a Keystone token with the admin role on a tenant project needs a cloud of its own
  it.runIf(selectedAuthMode().name === 'noauth')(
    'the admin role on a project other than the admin project may not change quotas',
    async () => {
      const projectAdmin = { projectId: ctx.k.a.projectId, token: `admin:${ctx.k.a.projectId}` };
      const out = failed(
        await ctx.k.karbor(['quota-update', ctx.k.a.projectId, '--plans', '3'], projectAdmin),
      );
      expect(out).toContain('HTTP 403');
    },
  );

  it('quota update with a value below -1 prints a 400', async () => {
    const out = failed(await ctx.k.karbor(['quota-update', ctx.k.a.projectId, '--plans', '-5'], ctx.k.admin));
    expect(out).toContain('HTTP 400');
    expect(dict(await ctx.k.karbor(['quota-show', '--tenant', ctx.k.a.projectId])).plans).not.toBe('-5');
  });
});
