import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import { listServers } from '../../lib/openstack/compute/servers.js';
import { loadCloudConfig } from '../../lib/openstack/config/cloud-config.js';
import { AuthenticationError, EndpointNotFoundError } from '../../lib/openstack/errors.js';
import type { AccessInfo } from '../../lib/openstack/identity/auth.js';
import {
  createApplicationCredential,
  createTrust,
  deleteApplicationCredential,
  deleteTrust,
} from '../../lib/openstack/identity/delegation.js';
import { revokeToken, validateToken } from '../../lib/openstack/identity/tokens.js';
import { KeystoneSession } from '../../lib/openstack/session.js';
import { Cleanup, cloudOptions, cloudsYaml, sessionFor, uniqueName } from './support/cloud.js';

const cleanup = new Cleanup();
let demo: AccessInfo;

beforeAll(async () => {
  demo = await sessionFor('demo').access();
});
afterAll(() => cleanup.run());

describe('keystone authentication against the test cloud', () => {
  it('issues a project token for a password user from clouds.yaml, with roles and a catalog', async () => {
    expect(demo.project?.name).toBe('demo');
    expect(demo.user.name).toBe('demo');
    expect(demo.roles.map((r) => r.name)).toContain('member');
    expect(demo.methods).toEqual(['password']);
    expect(demo.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(demo.catalog.map((s) => s.type)).toEqual(
      expect.arrayContaining(['compute', 'image', 'network', 'volumev3', 'identity']),
    );
  });

  it('selects endpoints by interface and region and says which one is missing', async () => {
    const internal = sessionFor('demo', { interface: 'internal', region: 'RegionOne' });
    expect(await internal.endpoint('block-storage')).toBe(`http://127.0.0.1:8776/v3/${demo.project?.id}`);
    const elsewhere = sessionFor('demo', { region: 'RegionTwo' });
    await expect(elsewhere.endpoint('compute')).rejects.toThrow(EndpointNotFoundError);
    await expect(elsewhere.endpoint('compute')).rejects.toThrow(/compute in region RegionTwo/);
  });

  it('reads OS_* variables the way the openstack CLI does', async () => {
    const env: Record<string, string> = {};
    for (const line of readFileSync(cloudsYaml().replace('clouds.yaml', 'alt_demo-openrc'), 'utf8').split(
      '\n',
    )) {
      for (const [, key, value] of line.matchAll(/(OS_\w+)=(\S+)/g)) if (key && value) env[key] = value;
    }
    const access = await new KeystoneSession(loadCloudConfig(undefined, env)).access();
    expect(access.project?.name).toBe('alt_demo');
    const viaOsCloud = loadCloudConfig(undefined, {
      OS_CLOUD: 'alt_demo',
      OS_CLIENT_CONFIG_FILE: cloudsYaml(),
    });
    expect((await new KeystoneSession(viaOsCloud).access()).project?.id).toBe(access.project?.id);
  });

  it('authenticates with an application credential (scoped to its own project)', async () => {
    const session = sessionFor('demo');
    const secret = `s-${uniqueName('secret')}`;
    const credential = await createApplicationCredential(session, demo.user.id, {
      name: uniqueName('appcred'),
      secret,
    });
    cleanup.add('application credential', () =>
      deleteApplicationCredential(session, demo.user.id, credential.id),
    );
    const options = loadCloudConfig(undefined, {
      OS_AUTH_URL: cloudOptions('demo').authUrl,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: credential.id,
      OS_APPLICATION_CREDENTIAL_SECRET: secret,
    });
    const access = await new KeystoneSession(options).access();
    expect(access.methods).toContain('application_credential');
    expect(access.project?.id).toBe(demo.project?.id);
    expect(Array.isArray(await listFlavors(new KeystoneSession(options)))).toBe(true);
  });

  it('re-scopes an existing token with token auth', async () => {
    const session = new KeystoneSession({
      authUrl: cloudOptions('demo').authUrl,
      auth: { type: 'token', token: demo.token },
      scope: { projectId: demo.project?.id ?? '' },
    });
    const access = await session.access();
    expect(access.token).not.toBe(demo.token);
    expect(access.methods).toContain('token');
    expect(access.project?.name).toBe('demo');
    expect(await session.endpoint('compute')).toBe('http://127.0.0.1:8774/v2.1');
  });

  it('acts for a trustor through a trust-scoped token of the trustee', async () => {
    const karbor = await sessionFor('karbor').access();
    const trust = await createTrust(sessionFor('demo'), {
      trustor_user_id: demo.user.id,
      trustee_user_id: karbor.user.id,
      project_id: demo.project?.id ?? '',
      role_names: ['member'],
      impersonation: true,
    });
    cleanup.add('trust', () => deleteTrust(sessionFor('demo'), trust.id));
    const base = cloudOptions('karbor');
    const trusted = new KeystoneSession({ ...base, scope: { trustId: trust.id } });
    const access = await trusted.access();
    expect(access.trustId).toBe(trust.id);
    expect(access.project?.id).toBe(demo.project?.id);
    expect(access.user.id).toBe(demo.user.id); // impersonation
    expect(Array.isArray(await listServers(trusted))).toBe(true);
  });
});

describe('token validation for the API authorizer', () => {
  it('returns user, project, roles and expiry of a valid token', async () => {
    const identity = await validateToken(sessionFor('karbor'), demo.token);
    expect(identity).toMatchObject({
      userId: demo.user.id,
      userName: 'demo',
      projectId: demo.project?.id,
      projectName: 'demo',
      trustId: undefined,
    });
    expect(identity?.roles).toContain('member');
    expect(identity?.expiresAt.toISOString()).toBe(demo.expiresAt.toISOString());
    expect(identity?.access.catalog.length).toBeGreaterThan(0);
    const slim = await validateToken(sessionFor('karbor'), demo.token, { noCatalog: true });
    expect(slim?.access.catalog).toEqual([]);
  });

  it('answers undefined for a revoked or made-up token', async () => {
    const victim = await sessionFor('demo').token();
    await revokeToken(sessionFor('admin'), victim);
    expect(await validateToken(sessionFor('karbor'), victim)).toBeUndefined();
    expect(await validateToken(sessionFor('karbor'), 'gAAAAABnot-a-token')).toBeUndefined();
  });
});

describe('token lifetime', () => {
  it('gets a new token and retries once when a service answers 401 for a revoked one', async () => {
    const session = sessionFor('demo');
    const first = await session.token();
    await revokeToken(sessionFor('admin'), first);
    expect((await listFlavors(session)).length).toBeGreaterThan(0);
    expect(await session.token()).not.toBe(first);
  });

  it('re-issues the token before it expires', async () => {
    let now = Date.now();
    const session = sessionFor('demo', { clock: () => now, expiryMarginMs: 60_000 });
    const first = await session.token();
    expect(await session.token()).toBe(first);
    now = (await session.access()).expiresAt.getTime() - 30_000; // inside the margin
    expect(await session.token()).not.toBe(first);
  });

  it('fails with AuthenticationError when a token-auth session outlives its token', async () => {
    const victim = await sessionFor('demo').token();
    const session = new KeystoneSession({
      authUrl: cloudOptions('demo').authUrl,
      auth: { type: 'token', token: victim },
      scope: { projectId: demo.project?.id ?? '' },
    });
    await revokeToken(sessionFor('admin'), victim);
    await expect(session.access()).rejects.toThrow(AuthenticationError);
  });
});
