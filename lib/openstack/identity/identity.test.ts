import { describe, expect, it } from 'vitest';
import { callerSession } from '../caller-session.js';
import { demoToken, fixture, loadFixtures, replaySession } from '../fixtures/replay.js';
import { HttpTransport } from '../transport.js';
import { authRequestBody, identityV3Url, parseToken } from './auth.js';
import { validateToken } from './tokens.js';

const identity = loadFixtures('identity');

describe('token validation', () => {
  it('reads user, project, roles and expiry from the captured validation answer', async () => {
    const { session, requests } = replaySession([
      fixture(identity, 'token-karbor'),
      fixture(identity, 'token-validate'),
    ]);
    const result = await validateToken(session, 'subject-token');
    expect(result).toMatchObject({ userName: 'demo', projectName: 'demo', trustId: undefined });
    expect(result?.roles.slice().sort()).toEqual(['member', 'reader']);
    expect(result?.expiresAt).toBeInstanceOf(Date);
    expect(result?.access.token).toBe('subject-token');
    const sent = requests[1];
    expect(sent?.headers.get('x-subject-token')).toBe('subject-token');
    expect(sent?.headers.get('x-auth-token')).toBe('fixture-token-token-karbor');
  });

  it('answers undefined for the 404 Keystone gives an invalid token', async () => {
    const { session } = replaySession([
      fixture(identity, 'token-karbor'),
      fixture(identity, 'token-validate-invalid'),
    ]);
    expect(await validateToken(session, 'bogus')).toBeUndefined();
  });
});

describe('caller sessions', () => {
  it('uses the validated token and its catalog without asking Keystone again', async () => {
    const access = parseToken('caller-token', JSON.stringify(demoToken().body));
    const calls: string[] = [];
    const transport = new HttpTransport({
      fetch: (async (input: string | URL | Request) => {
        calls.push(String(input));
        return new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    const session = callerSession({
      authUrl: 'http://127.0.0.1:5000',
      token: 'caller-token',
      projectId: access.project?.id ?? '',
      access: { ...access, expiresAt: new Date(Date.now() + 3_600_000) },
      transport,
    });
    expect(await session.endpoint('network')).toBe('http://127.0.0.1:9696');
    expect(await session.token()).toBe('caller-token');
    expect(calls).toEqual([]);
  });
});

describe('authentication bodies', () => {
  it('builds application credential, token and trust requests as Keystone v3 documents them', () => {
    expect(
      authRequestBody({ type: 'application-credential', id: 'ac', secret: 's' }, { projectId: 'ignored' }),
    ).toEqual({
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: 'ac', secret: 's' } },
      },
    });
    expect(
      authRequestBody(
        {
          type: 'application-credential',
          name: 'n',
          secret: 's',
          username: 'u',
          userDomain: { domainId: 'default' },
        },
        'unscoped',
      ),
    ).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'n', secret: 's', user: { name: 'u', domain: { id: 'default' } } },
        },
      },
    });
    expect(authRequestBody({ type: 'token', token: 't' }, { trustId: 'tr' })).toEqual({
      auth: {
        identity: { methods: ['token'], token: { id: 't' } },
        scope: { 'OS-TRUST:trust': { id: 'tr' } },
      },
    });
    expect(authRequestBody({ type: 'password', userId: 'u1', password: 'p' }, { domainId: 'd' })).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'u1', password: 'p' } } },
        scope: { domain: { id: 'd' } },
      },
    });
  });

  it('normalises the auth URL to Keystone v3', () => {
    expect(identityV3Url('http://k:5000')).toBe('http://k:5000/v3');
    expect(identityV3Url('http://k:5000/v3/')).toBe('http://k:5000/v3');
  });
});
