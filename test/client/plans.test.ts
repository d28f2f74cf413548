import { describe, expect, it } from 'vitest';
import { createPlan, dict, failed, json, ok, table, useKarborWithProvider } from './harness.js';

/**
 * Plans are created through the API here: the CLIs' `plan create` first GETs every resource
 * from protectables/instances, which needs a cloud for anything but the project itself
 * (see cloud/with-cloud.test.ts). A plan over the project resource needs none.
 */

const unknownId = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('plans through the real CLIs', () => {
  const ctx = useKarborWithProvider();

  it('karbor plan-list prints the project plans with provider and status suspended', async () => {
    const one = await createPlan(ctx.k, ctx.providerId, 'list-one');
    const two = await createPlan(ctx.k, ctx.providerId, 'list-two');
    const rows = table(await ctx.k.karbor(['plan-list']));
    const ids = rows.map((row) => row.Id);
    expect(ids).toEqual(expect.arrayContaining([one.id, two.id]));
    const row = rows.find((r) => r.Id === one.id);
    expect(row).toMatchObject({
      Name: 'list-one',
      Description: 'list-one description',
      'Provider id': ctx.providerId,
      Status: 'suspended',
    });
  });

  it('karbor plan-list filters by --name and pages with --limit/--marker', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'needle-plan');
    const byName = table(await ctx.k.karbor(['plan-list', '--name', 'needle']));
    expect(byName.map((row) => row.Id)).toEqual([plan.id]);
    const page = table(await ctx.k.karbor(['plan-list', '--limit', '1', '--sort', 'created_at:desc']));
    expect(page).toHaveLength(1);
    const next = table(
      await ctx.k.karbor([
        'plan-list',
        '--limit',
        '1',
        '--sort',
        'created_at:desc',
        '--marker',
        page[0]?.Id ?? '',
      ]),
    );
    expect(next).toHaveLength(1);
    expect(next[0]?.Id).not.toBe(page[0]?.Id);
  });

  it('karbor plan-show prints the plan with its resources as JSON', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'shown');
    const shown = dict(await ctx.k.karbor(['plan-show', plan.id]));
    expect(shown).toMatchObject({
      id: plan.id,
      name: 'shown',
      provider_id: ctx.providerId,
      status: 'suspended',
    });
    expect(JSON.parse(shown.resources as string)).toEqual([
      { id: ctx.k.a.projectId, type: 'OS::Keystone::Project', name: 'project' },
    ]);
    expect(JSON.parse(shown.parameters as string)).toEqual({});
  });

  it('karbor plan-show of an unknown or malformed id prints the fault message', async () => {
    const missing = failed(await ctx.k.karbor(['plan-show', unknownId]));
    expect(missing).toContain(`Plan ${unknownId} could not be found.`);
    expect(missing).toContain('HTTP 404');
    const malformed = failed(await ctx.k.karbor(['plan-show', 'not-a-uuid']));
    expect(malformed).toContain('Invalid plan id provided.');
    expect(malformed).toContain('HTTP 400');
  });

  it('karbor plan-update renames, redescribes and starts a plan; a started plan cannot change', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'to-update');
    const updated = dict(
      await ctx.k.karbor(['plan-update', plan.id, '--name', 'renamed', '--description', 'new']),
    );
    expect(updated).toMatchObject({ id: plan.id, name: 'renamed', description: 'new', status: 'suspended' });
    const started = dict(await ctx.k.karbor(['plan-update', plan.id, '--status', 'started']));
    expect(started.status).toBe('started');
    const refused = failed(await ctx.k.karbor(['plan-update', plan.id, '--name', 'again']));
    expect(refused).toContain('The plan can be only updated in suspended status.');
    expect((await ctx.k.apiOk('GET', `/plans/${plan.id}`)).plan.name).toBe('renamed');
  });

  it('karbor plan-update --resources replaces the resources', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'resources');
    const volume = '5d9bd2a4-49b8-4d2f-9ac1-4f3c5e0bb001';
    ok(await ctx.k.karbor(['plan-update', plan.id, '--resources', `${volume}=OS::Cinder::Volume=data`]));
    const stored = (await ctx.k.apiOk('GET', `/plans/${plan.id}`)).plan;
    expect(stored.resources).toEqual([{ id: volume, type: 'OS::Cinder::Volume', name: 'data' }]);
  });

  it('karbor plan-delete removes the plan; deleting an unknown id fails', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'to-delete');
    ok(await ctx.k.karbor(['plan-delete', plan.id]));
    expect((await ctx.k.api('GET', `/plans/${plan.id}`)).status).toBe(404);
    const out = failed(await ctx.k.karbor(['plan-delete', unknownId]));
    expect(out).toContain(`No plan with a name or ID of '${unknownId}' exists.`);
  });

  it('karbor plan-create over the project resource creates a suspended plan', async () => {
    const resource = `${ctx.k.a.projectId}=OS::Keystone::Project=project`;
    const created = dict(
      await ctx.k.karbor(['plan-create', 'cli-plan', ctx.providerId, resource, '--description', 'd']),
    );
    expect(created).toMatchObject({
      name: 'cli-plan',
      description: 'd',
      provider_id: ctx.providerId,
      status: 'suspended',
    });
    expect((await ctx.k.apiOk('GET', `/plans/${created.id}`)).plan.name).toBe('cli-plan');
  });

  it('openstack plan list / show / update / delete work on an API-created plan', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'osc-plan');
    const rows = json(await ctx.k.openstack(['plan', 'list', '-f', 'json']));
    expect(rows.find((row: { Id: string }) => row.Id === plan.id)).toMatchObject({
      Name: 'osc-plan',
      'Provider id': ctx.providerId,
      Status: 'suspended',
    });
    const shown = json(await ctx.k.openstack(['plan', 'show', plan.id, '-f', 'json']));
    expect(shown).toMatchObject({ id: plan.id, name: 'osc-plan', status: 'suspended' });
    expect(JSON.parse(shown.resources)[0].type).toBe('OS::Keystone::Project');
    const updated = json(
      await ctx.k.openstack(['plan', 'update', plan.id, '--name', 'osc-renamed', '-f', 'json']),
    );
    expect(updated.name).toBe('osc-renamed');
    ok(await ctx.k.openstack(['plan', 'delete', plan.id]));
    expect((await ctx.k.api('GET', `/plans/${plan.id}`)).status).toBe(404);
  });

  it('openstack plan show finds a plan by name and fails for an unknown one', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'by-name');
    expect(json(await ctx.k.openstack(['plan', 'show', 'by-name', '-f', 'json'])).id).toBe(plan.id);
    expect(failed(await ctx.k.openstack(['plan', 'show', unknownId]))).toContain(unknownId);
  });

  it('openstack plan create over the project resource prints the new plan', async () => {
    const resource = `${ctx.k.a.projectId}=OS::Keystone::Project=project`;
    const created = json(
      await ctx.k.openstack(['plan', 'create', 'osc-created', ctx.providerId, resource, '-f', 'json']),
    );
    expect(created).toMatchObject({ name: 'osc-created', provider_id: ctx.providerId, status: 'suspended' });
  });

  it('plan create with invalid parameters prints the 400 message', async () => {
    const resource = `${ctx.k.a.projectId}=OS::Keystone::Project=project`;
    const out = failed(
      await ctx.k.karbor([
        'plan-create',
        'bad',
        ctx.providerId,
        resource,
        '--parameters',
        'resource_type=Not::A::Type,k=v',
      ]),
    );
    expect(out).toContain('The key of plan parameters is invalid.');
    expect(out).toContain('HTTP 400');
  });

  it('another project cannot list, show, update or delete the plan', async () => {
    const plan = await createPlan(ctx.k, ctx.providerId, 'private');
    const b = ctx.k.b;
    expect(table(await ctx.k.karbor(['plan-list'], b)).map((row) => row.Id)).not.toContain(plan.id);
    expect(failed(await ctx.k.karbor(['plan-show', plan.id], b))).toContain(
      `Plan ${plan.id} could not be found.`,
    );
    const notFound = `No plan with a name or ID of '${plan.id}' exists.`;
    expect(failed(await ctx.k.karbor(['plan-update', plan.id, '--name', 'stolen'], b))).toContain(notFound);
    expect(failed(await ctx.k.karbor(['plan-delete', plan.id], b))).toContain(notFound);
    expect(failed(await ctx.k.openstack(['plan', 'delete', plan.id], b))).toContain(notFound);
    expect((await ctx.k.apiOk('GET', `/plans/${plan.id}`)).plan.name).toBe('private');
  });
});
