import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { type ApiUnderTest, roleTokens, startApiUnderTest } from '../support/api-under-test.js';

const projectA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const projectB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const alice = `alice:${projectA}`;
const bob = `bob:${projectB}`;
const admin = `root:${projectB}:admin`;

const planBody = (overrides: Record<string, unknown> = {}) => ({
  plan: {
    name: 'nightly',
    provider_id: blockProvider.id,
    parameters: { 'OS::Cinder::Volume': { force: true } },
    resources: [
      { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: { availability_zone: 'nova' } },
    ],
    ...overrides,
  },
});

describe('plans API', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    // `admin` is a cloud admin: the admin role on the admin project, here projectB
    api = await startApiUnderTest({}, roleTokens, { adminProject: projectB });
  });
  afterAll(async () => api.close());

  const createPlan = async (token = alice, project = projectA, overrides = {}) => {
    const reply = await api.call('POST', `/v1/${project}/plans`, { token, body: planBody(overrides) });
    expect(reply.status, reply.text).toBe(200);
    return (reply.body as { plan: { id: string } }).plan;
  };

  it('creates a suspended plan and returns it with extra_info as an object', async () => {
    const reply = await api.call('POST', `/v1/${projectA}/plans`, { token: alice, body: planBody() });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect(reply.body).toMatchObject({
      plan: {
        name: 'nightly',
        status: 'suspended',
        provider_id: blockProvider.id,
        resources: [
          {
            id: 'vol-1',
            type: 'OS::Cinder::Volume',
            name: 'data',
            extra_info: { availability_zone: 'nova' },
          },
        ],
      },
    });
  });

  it('refuses bodies the schema does not allow, with Karbor messages', async () => {
    const unknownField = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: { plan: { ...planBody().plan, x: 1 } },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toEqual({
      badRequest: {
        code: 400,
        message: expect.stringContaining("Additional properties are not allowed ('x' was unexpected)"),
      },
    });
    const badJson = await api.call('POST', `/v1/${projectA}/plans`, { token: alice, raw: '{"plan": ' });
    expect(badJson.body).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
    const noResources = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: planBody({ resources: [] }),
    });
    expect((noResources.body as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^Invalid input received/,
    );
    const badKey = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: planBody({ parameters: { 'OS::Nope::Thing': {} } }),
    });
    expect(badKey.body).toEqual({
      badRequest: { code: 400, message: 'The key of plan parameters is invalid.' },
    });
    const badOption = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: planBody({ parameters: { 'OS::Cinder::Volume': { colour: 'red' } } }),
    });
    expect(badOption.body).toEqual({
      badRequest: { code: 400, message: 'The protect property of plan parameters is invalid.' },
    });
    const unknownProvider = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: planBody({ provider_id: '11111111-2222-3333-4444-555555555555' }),
    });
    expect(unknownProvider.body).toEqual({
      badRequest: { code: 400, message: 'The provider could not be found.' },
    });
  });

  it('answers 400 when the URL project is not the token project, admins included', async () => {
    const reply = await api.call('GET', `/v1/${projectA}/plans`, { token: admin });
    expect(reply.body).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
  });

  it('hides one project’s plans from another and shows them to admins', async () => {
    const plan = await createPlan();
    const listed = await api.call('GET', `/v1/${projectB}/plans`, { token: bob });
    expect((listed.body as { plans: { id: string }[] }).plans.map((p) => p.id)).not.toContain(plan.id);
    const shown = await api.call('GET', `/v1/${projectB}/plans/${plan.id}`, { token: bob });
    expect(shown.body).toEqual({
      itemNotFound: { code: 404, message: `Plan ${plan.id} could not be found.` },
    });
    const changed = await api.call('PUT', `/v1/${projectB}/plans/${plan.id}`, {
      token: bob,
      body: { plan: { name: 'x' } },
    });
    expect(changed.status).toBe(404);
    const deleted = await api.call('DELETE', `/v1/${projectB}/plans/${plan.id}`, { token: bob });
    expect(deleted.status).toBe(404);
    const byAdmin = await api.call('GET', `/v1/${projectB}/plans/${plan.id}`, { token: admin });
    expect(byAdmin.status).toBe(200);
    const allTenants = await api.call('GET', `/v1/${projectB}/plans?all_tenants=1`, { token: admin });
    expect((allTenants.body as { plans: { id: string }[] }).plans.map((p) => p.id)).toContain(plan.id);
  });

  it('lets a started plan be suspended and edited again, which Karbor never allowed', async () => {
    const plan = await createPlan();
    const path = `/v1/${projectA}/plans/${plan.id}`;
    expect(
      (await api.call('PUT', path, { token: alice, body: { plan: { status: 'started' } } })).status,
    ).toBe(200);
    const blocked = await api.call('PUT', path, { token: alice, body: { plan: { name: 'renamed' } } });
    expect(blocked.body).toEqual({
      badRequest: { code: 400, message: 'Invalid plan: The plan can be only updated in suspended status.' },
    });
    const suspendAndRename = await api.call('PUT', path, {
      token: alice,
      body: { plan: { status: 'suspended', name: 'renamed' } },
    });
    expect(suspendAndRename.body).toMatchObject({ plan: { status: 'suspended', name: 'renamed' } });
    const badStatus = await api.call('PUT', path, { token: alice, body: { plan: { status: 'sleeping' } } });
    expect(badStatus.status).toBe(400);
    const empty = await api.call('PUT', path, { token: alice, body: { plan: {} } });
    expect(empty.body).toEqual({
      badRequest: { code: 400, message: 'Missing updated parameters in request body.' },
    });
  });

  it('deletes with an empty 200 and then answers 404', async () => {
    const plan = await createPlan();
    const deleted = await api.call('DELETE', `/v1/${projectA}/plans/${plan.id}`, { token: alice });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    expect((await api.call('GET', `/v1/${projectA}/plans/${plan.id}`, { token: alice })).status).toBe(404);
    expect((await api.call('GET', `/v1/${projectA}/plans/not-a-uuid`, { token: alice })).body).toEqual({
      badRequest: { code: 400, message: 'Invalid plan id provided.' },
    });
  });

  it('enforces the plans quota in the same transaction as the plan', async () => {
    const project = 'cccccccccccccccccccccccccccccccc';
    expect(
      (
        await api.call('PUT', `/v1/${project}/quotas/${project}`, {
          token: `root:${project}:admin`,
          body: {},
        })
      ).status,
      'the admin role on another project is not cloud admin',
    ).toBe(403);
    const quota = await api.call('PUT', `/v1/${projectB}/quotas/${project}`, {
      token: admin,
      body: { quota: { plans: 2 } },
    });
    expect(quota.body).toEqual({ quota: { plans: 2, checkpoints: -1 } });
    const carol = `carol:${project}`;
    const first = await createPlan(carol, project);
    await createPlan(carol, project);
    const third = await api.call('POST', `/v1/${project}/plans`, { token: carol, body: planBody() });
    expect(third.body).toEqual({
      overLimit: { code: 413, message: 'Maximum number of plans allowed (2) exceeded' },
    });
    await api.call('DELETE', `/v1/${project}/plans/${first.id}`, { token: carol });
    const detail = await api.call('GET', `/v1/${project}/quotas/${project}/detail`, { token: carol });
    expect(detail.body).toMatchObject({ quota: { plans: { limit: 2, in_use: 1, reserved: 0 } } });
    expect((await api.call('POST', `/v1/${project}/plans`, { token: carol, body: planBody() })).status).toBe(
      200,
    );
  });

  it('pages with limit and marker and links to the next page', async () => {
    const project = 'dddddddddddddddddddddddddddddddd';
    const dave = `dave:${project}`;
    for (const name of ['p1', 'p2', 'p3']) await createPlan(dave, project, { name });
    const first = await api.call('GET', `/v1/${project}/plans?limit=2&sort=name:asc`, { token: dave });
    const page = first.body as {
      plans: { id: string; name: string }[];
      plans_links: { rel: string; href: string }[];
    };
    expect(page.plans.map((p) => p.name)).toEqual(['p1', 'p2']);
    expect(page.plans_links[0]?.href).toContain(`marker=${page.plans[1]?.id}`);
    const next = await api.call(
      'GET',
      `/v1/${project}/plans?limit=2&sort=name:asc&marker=${page.plans[1]?.id}`,
      { token: dave },
    );
    expect((next.body as { plans: { name: string }[] }).plans.map((p) => p.name)).toEqual(['p3']);
    expect((await api.call('GET', `/v1/${project}/plans?limit=0`, { token: dave })).body).toEqual({
      badRequest: { code: 400, message: 'limit param must be positive' },
    });
    const filtered = await api.call('GET', `/v1/${project}/plans?name=p[12]`, { token: dave });
    expect((filtered.body as { plans: unknown[] }).plans).toHaveLength(2);
  });
});
