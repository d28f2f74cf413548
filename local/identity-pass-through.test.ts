import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApi } from './http-adapter.js';
import { identityPassThrough } from './identity-pass-through.js';

/** A Keystone stand-in that records what reached it. */
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const keystone: Server = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
  response.writeHead(201, {
    'content-type': 'application/json',
    'x-subject-token': 'issued',
    'x-other': 'no',
  });
  response.end('{"token":{}}');
});

let authUrl: () => Promise<string>;
const api = createLocalApi({
  // the API's answer, to tell it from the mount's
  handlerFor: async () => async () => ({ statusCode: 418, body: 'api' }),
  authorize: async () => ({}),
  mounts: [identityPassThrough({ authUrl: () => authUrl() })],
});
let base: string;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

beforeAll(async () => {
  const keystoneUrl = await listen(keystone);
  authUrl = async () => `${keystoneUrl}/identity`;
  base = await listen(api);
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  await new Promise((resolve) => keystone.close(resolve));
});

describe('the identity pass-through', () => {
  it("forwards a sign-in to Keystone's v3 auth/tokens and returns the token header", async () => {
    const response = await fetch(`${base}/identity/v3/auth/tokens?nocatalog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'not-forwarded=1' },
      body: '{"auth":{}}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toBe('issued');
    expect(response.headers.get('x-other')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const seen = received.at(-1);
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/identity/v3/auth/tokens?nocatalog',
      body: '{"auth":{}}',
    });
    expect(seen?.headers.cookie).toBeUndefined();
  });

  it('forwards token reads and revocations with both token headers', async () => {
    await fetch(`${base}/identity/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': 't', 'x-subject-token': 't' },
    });
    expect(received.at(-1)).toMatchObject({ method: 'DELETE' });
    expect(received.at(-1)?.headers['x-subject-token']).toBe('t');
  });

  it('refuses other methods and leaves the rest of Keystone unreachable', async () => {
    expect((await fetch(`${base}/identity/v3/auth/tokens`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${base}/identity/v3/users`)).status).not.toBe(201);
    expect(received.some((r) => r.url.includes('users'))).toBe(false);
  });

  it('says so, with a request id, when no Keystone is configured', async () => {
    const saved = authUrl;
    authUrl = async () => {
      throw new Error('no auth_url (OS_AUTH_URL or clouds.yaml auth.auth_url)');
    };
    const response = await fetch(`${base}/identity/v3/auth/tokens`, { method: 'POST', body: '{}' });
    authUrl = saved;
    expect(response.status).toBe(503);
    expect(response.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    const body = (await response.json()) as { serviceUnavailable: { message: string } };
    expect(body.serviceUnavailable.message).toMatch(/^Keystone sign-in is not set up on this server/);
  });
});
