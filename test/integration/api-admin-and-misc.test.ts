import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockProvider } from '../../lib/providers/block-provider.js';
import {
  type ApiUnderTest,
  fixedProtectables,
  roleTokens,
  startApiUnderTest,
} from '../support/api-under-test.js';

const project = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const other = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const member = `alice:${project}`;
/** A cloud admin: the admin role on the admin project, which this suite makes `project`. */
const admin = `root:${project}:admin`;
const volume = {
  id: 'vol-1',
  type: 'OS::Cinder::Volume',
  name: 'data',
  extra_info: { availability_zone: 'nova' },
};

describe('versions, providers, protectables, quotas and services API', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) }, roleTokens, {
      adminProject: project,
    });
  });
  afterAll(async () => api.close());

  it('serves the versions document without a token, 300 with the /data-protect/ href', async () => {
    const reply = await api.call('GET', '/');
    expect(reply.status).toBe(300);
    expect(reply.body).toEqual({
      versions: [
        { id: 'v1.0', status: 'CURRENT', links: [{ rel: 'self', href: `${api.url}/data-protect/v1/` }] },
      ],
    });
  });

  it('answers 401 without a token, 404 for unknown routes and 400 for member actions', async () => {
    expect((await api.call('GET', `/v1/${project}/plans`)).body).toEqual({
      unauthorized: { code: 401, message: 'Authentication required' },
    });
    expect((await api.call('POST', `/v1/${project}/providers`, { token: member, body: {} })).status).toBe(
      404,
    );
    expect(
      (await api.call('POST', `/v1/${project}/plans/x/action`, { token: member, body: {} })).body,
    ).toEqual({
      badRequest: { code: 400, message: 'There is no such action' },
    });
    const huge = await api.call('POST', `/v1/${project}/plans`, {
      token: member,
      raw: JSON.stringify({ plan: { name: 'x'.repeat(120_000) } }),
    });
    expect(huge.body).toEqual({ overLimit: { code: 413, message: 'Request is too large.' } });
  });

  it('shows providers with their schemas and refuses bad ids', async () => {
    const listed = await api.call('GET', `/v1/${project}/providers`, { token: member });
    expect(listed.body).toMatchObject({
      providers: [{ id: blockProvider.id, extended_info_schema: { options_schema: expect.any(Object) } }],
    });
    expect((await api.call('GET', `/v1/${project}/providers?name=nothing`, { token: member })).body).toEqual({
      providers: [],
    });
    expect((await api.call('GET', `/v1/${project}/providers/nope`, { token: member })).body).toEqual({
      badRequest: { code: 400, message: 'Invalid provider id provided.' },
    });
    expect(
      (
        await api.call('GET', `/v1/${project}/providers/11111111-2222-3333-4444-555555555555`, {
          token: member,
        })
      ).status,
    ).toBe(404);
  });

  it('lists protectable types, their dependents and instances with the Python-literal parameters', async () => {
    expect((await api.call('GET', `/v1/${project}/protectables`, { token: member })).body).toEqual({
      protectable_type: [
        'OS::Keystone::Project',
        'OS::Nova::Server',
        'OS::Cinder::Volume',
        'OS::Glance::Image',
        'OS::Neutron::Network',
      ],
    });
    expect(
      (await api.call('GET', `/v1/${project}/protectables/OS::Nova::Server`, { token: member })).body,
    ).toEqual({
      protectable_type: {
        name: 'OS::Nova::Server',
        dependent_types: ['OS::Glance::Image', 'OS::Cinder::Volume'],
      },
    });
    expect(
      (await api.call('GET', `/v1/${project}/protectables/OS::Manila::Share`, { token: member })).body,
    ).toEqual({
      badRequest: { code: 400, message: 'Invalid protectable type provided.' },
    });
    const instances = await api.call(
      'GET',
      `/v1/${project}/protectables/OS::Cinder::Volume/instances?parameters=${encodeURIComponent("{'a': 'b'}")}`,
      {
        token: member,
      },
    );
    expect(instances.body).toEqual({ instances: [{ ...volume, dependent_resources: [] }] });
    const badParameters = await api.call(
      'GET',
      `/v1/${project}/protectables/OS::Cinder::Volume/instances?parameters=${encodeURIComponent("['a']")}`,
      {
        token: member,
      },
    );
    expect(badParameters.body).toEqual({
      badRequest: { code: 400, message: 'The parameters must be a dict.' },
    });
    expect(
      (
        await api.call('GET', `/v1/${project}/protectables/OS::Cinder::Volume/instances/nope`, {
          token: member,
        })
      ).status,
    ).toBe(404);
  });

  it('lets members read their own quota and only admins change quotas and classes', async () => {
    expect((await api.call('GET', `/v1/${project}/quotas/${project}`, { token: member })).body).toEqual({
      quota: { plans: 50, checkpoints: -1, id: project },
    });
    expect((await api.call('GET', `/v1/${project}/quotas/${other}`, { token: member })).status).toBe(403);
    expect(
      (
        await api.call('PUT', `/v1/${project}/quotas/${project}`, {
          token: member,
          body: { quota: { plans: 1 } },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('PUT', `/v1/${project}/quotas/${project}`, {
          token: admin,
          body: { quota: { plans: -2 } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call('PUT', `/v1/${project}/quotas/${project}`, {
          token: admin,
          body: { quota: { plans: 'many' } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call('PUT', `/v1/${project}/quota_classes/default`, {
          token: admin,
          body: { quota_class: { plans: 7 } },
        })
      ).body,
    ).toEqual({
      quota_class: { plans: 7, checkpoints: -1 },
    });
    expect((await api.call('GET', `/v1/${project}/quotas/${other}/defaults`, { token: admin })).body).toEqual(
      {
        quota: { plans: 7, checkpoints: -1, id: other },
      },
    );
    expect((await api.call('DELETE', `/v1/${project}/quotas/${project}`, { token: admin })).status).toBe(200);
    expect(
      (
        await api.call('PUT', `/v1/${project}/quota_classes/default`, {
          token: member,
          body: { quota_class: { plans: 1 } },
        })
      ).status,
    ).toBe(403);
    await api.call('PUT', `/v1/${project}/quota_classes/default`, {
      token: admin,
      body: { quota_class: { plans: 50 } },
    });
  });

  it('lets only admins see and disable services, and only the operation engine', async () => {
    expect((await api.call('GET', `/v1/${project}/os-services`, { token: member })).status).toBe(403);
    const listed = await api.call('GET', `/v1/${project}/os-services?binary=karbor-operationengine`, {
      token: admin,
    });
    const [engine] = (listed.body as { services: { id: number; binary: string }[] }).services;
    expect(engine?.binary).toBe('karbor-operationengine');
    const path = `/v1/${project}/os-services/${engine?.id}`;
    expect(
      (
        await api.call('PUT', path, {
          token: admin,
          body: { status: 'disabled', disabled_reason: 'maintenance' },
        })
      ).body,
    ).toMatchObject({
      service: { status: 'disabled', disabled_reason: 'maintenance', state: 'up' },
    });
    expect(
      (await api.call('PUT', path, { token: admin, body: { status: 'enabled', disabled_reason: 'x' } }))
        .status,
    ).toBe(400);
    expect((await api.call('PUT', path, { token: admin, body: { status: 'enabled' } })).body).toMatchObject({
      service: { status: 'enabled' },
    });
    expect(
      (await api.call('PUT', `/v1/${project}/os-services/2`, { token: admin, body: { status: 'disabled' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await api.call('PUT', `/v1/${project}/os-services/999`, {
          token: admin,
          body: { status: 'disabled' },
        })
      ).status,
    ).toBe(404);
  });
});
