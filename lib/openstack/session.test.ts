import { describe, expect, it } from 'vitest';
import { listFlavors } from './compute/flavors.js';
import { AuthenticationError, EndpointNotFoundError, UnexpectedStatusError } from './errors.js';
import {
  capturedAt,
  demoToken,
  type Exchange,
  fixture,
  loadFixtures,
  replaySession,
} from './fixtures/replay.js';
import { buildUrl } from './session.js';

const compute = loadFixtures('compute');
const flavorPages = ['flavors-page#1', 'flavors-page#2', 'flavors-page#3'].map((n) => fixture(compute, n));
const unauthorized: Exchange = {
  ...flavorPages[0],
  name: 'unauthorized',
  status: 401,
  body: { error: { code: 401, message: 'The request you have made requires authentication.' } },
} as Exchange;

describe('KeystoneSession', () => {
  it('authenticates with a password scoped to a project by name, as Keystone expects it', async () => {
    const { session, requests } = replaySession([demoToken()]);
    const access = await session.access();
    expect(access.token).toBe('fixture-token-token-password');
    expect(access.project?.name).toBe('demo');
    expect(access.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
  });

  it('finds endpoints in the captured catalog, with the project in Cinder’s URL', async () => {
    const { session } = replaySession([demoToken()]);
    const projectId = await session.projectId();
    expect(await session.endpoint('block-storage')).toBe(`http://127.0.0.1:8776/v3/${projectId}`);
    expect(await session.endpoint('compute')).toBe('http://127.0.0.1:8774/v2.1');
    expect(await session.endpoint('identity')).toBe('http://127.0.0.1:5000/v3');
    await expect(
      replaySession([demoToken()], { region: 'Elsewhere' }).session.endpoint('image'),
    ).rejects.toThrow(EndpointNotFoundError);
  });

  it('prefers an endpoint override to the catalog', async () => {
    const { session } = replaySession([demoToken()], {
      endpointOverrides: { image: 'http://glance.example:9292/' },
    });
    expect(await session.endpoint('image')).toBe('http://glance.example:9292');
  });

  it('sends the token and the compute microversion on every call, and reuses the token', async () => {
    const { session, requests } = replaySession([demoToken(), ...flavorPages]);
    const flavors = await listFlavors(session, 1);
    expect(flavors.map((f) => f.name)).toEqual(['m1.tiny', 'm1.small']);
    expect(requests.filter((r) => r.url.endsWith('/auth/tokens'))).toHaveLength(1);
    for (const request of requests.slice(1)) {
      expect(request.headers.get('x-auth-token')).toBe('fixture-token-token-password');
      expect(request.headers.get('openstack-api-version')).toBe('compute 2.79');
    }
  });

  it('re-authenticates once on 401 and repeats the call', async () => {
    const { session, requests } = replaySession([demoToken(), unauthorized, demoToken(), ...flavorPages]);
    expect(await listFlavors(session, 1)).toHaveLength(2);
    expect(requests.filter((r) => r.url.endsWith('/auth/tokens'))).toHaveLength(2);
  });

  it('gives up after the second 401', async () => {
    const { session } = replaySession([demoToken(), unauthorized, demoToken(), { ...unauthorized }]);
    const error = await listFlavors(session, 1).catch((e: unknown) => e);
    expect((error as UnexpectedStatusError).status).toBe(401);
  });

  it('issues a new token when the current one is about to expire', async () => {
    let now = capturedAt;
    const { session, requests } = replaySession([demoToken(), demoToken()], { clock: () => now });
    await session.token();
    now = (await session.access()).expiresAt.getTime() - 60_000; // inside the 5-minute margin
    await session.token();
    expect(requests).toHaveLength(2);
  });

  it('wraps a refused authentication into AuthenticationError with Keystone’s message', async () => {
    const refused: Exchange = {
      ...demoToken(),
      status: 401,
      body: {
        error: {
          code: 401,
          message: 'The request you have made requires authentication.',
          title: 'Unauthorized',
        },
      },
    };
    const error = await replaySession([refused])
      .session.access()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/returned 401, expected 201 .*requires authentication/);
    expect((error as Error).cause).toBeInstanceOf(UnexpectedStatusError);
  });
});

describe('buildUrl', () => {
  it('joins paths, adds defined query values and rebases next links on the configured origin', () => {
    expect(buildUrl('http://a:1/v3/p/', '/volumes/detail', { limit: 2, marker: undefined })).toBe(
      'http://a:1/v3/p/volumes/detail?limit=2',
    );
    expect(buildUrl('http://proxy:9/v3/p', 'http://internal:8776/v3/p/volumes/detail?limit=1&marker=x')).toBe(
      'http://proxy:9/v3/p/volumes/detail?limit=1&marker=x',
    );
  });
});
