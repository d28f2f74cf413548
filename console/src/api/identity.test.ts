import { describe, expect, it } from 'vitest';
import { IdentityClient, noauthTokenInfo, passwordAuthBody } from './identity.js';

describe('noauthTokenInfo', () => {
  it('reads user:project and user:project:admin', () => {
    expect(noauthTokenInfo('demo:abc')).toMatchObject({ projectId: 'abc', userName: 'demo' });
    expect(noauthTokenInfo('alice:abc:admin')).toMatchObject({ projectId: 'abc', userName: 'alice' });
  });

  it('leaves Keystone tokens alone', () => {
    expect(noauthTokenInfo('gAAAAABmXyZ')).toBeUndefined();
    expect(noauthTokenInfo(':abc')).toBeUndefined();
  });
});

describe('IdentityClient', () => {
  it('signs in with a password scoped to the project and reads the token from X-Subject-Token', async () => {
    let sent: { url: string; body: unknown } | undefined;
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent = { url: String(input), body: JSON.parse(String(init?.body)) };
      return new Response(
        JSON.stringify({
          token: {
            expires_at: '2030-01-01T00:00:00.000000Z',
            user: { name: 'demo' },
            project: { id: 'p1', name: 'demo' },
          },
        }),
        { status: 201, headers: { 'x-subject-token': 'tok' } },
      );
    }) as typeof fetch;
    const info = await new IdentityClient({ fetch: fetchImpl }).signIn({
      userName: 'demo',
      password: 'secret',
      projectName: 'demo',
      domainName: 'Default',
    });
    expect(info).toEqual({
      token: 'tok',
      projectId: 'p1',
      projectName: 'demo',
      userName: 'demo',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(sent?.url).toBe('/identity/v3/auth/tokens?nocatalog');
    expect(sent?.body).toEqual(
      passwordAuthBody({ userName: 'demo', password: 'secret', projectName: 'demo', domainName: 'Default' }),
    );
  });

  it('refuses tokens without a project', async () => {
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ token: { user: { name: 'u' } } }), { status: 200 })) as typeof fetch;
    await expect(new IdentityClient({ fetch: fetchImpl }).describe('t')).rejects.toThrow(
      /not scoped to a project/,
    );
  });
});
