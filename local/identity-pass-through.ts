import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KarborFault } from '../lib/karbor/faults.js';
import { identityV3Url } from '../lib/openstack/identity/auth.js';
import type { LocalMount } from './http-adapter.js';

/**
 * The console's way to Keystone: browsers cannot call Keystone across origins (it sends no
 * CORS headers), so `/identity/v3/auth/tokens` on the console's own origin is forwarded to the
 * configured Keystone — sign-in (POST), reading one's own token (GET) and sign-out (DELETE).
 * Nothing else of Keystone is reachable through it. CloudFront does the same in AWS
 * (infra/tenant-console.ts).
 */

export const identityPath = '/identity/v3/auth/tokens';

const forwardedRequestHeaders = ['content-type', 'x-auth-token', 'x-subject-token'] as const;
const forwardedResponseHeaders = ['content-type', 'x-subject-token', 'x-openstack-request-id'] as const;
const maxBodyBytes = 64 * 1024;

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new KarborFault(413, 'Request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

export interface IdentityPassThroughOptions {
  /** Keystone's auth URL (OS_AUTH_URL or clouds.yaml auth_url); throws when none is configured. */
  readonly authUrl: () => Promise<string>;
  readonly timeoutMs?: number;
}

const keystoneUrl = async (options: IdentityPassThroughOptions, search: string): Promise<string> => {
  let authUrl: string;
  try {
    authUrl = await options.authUrl();
  } catch (error) {
    throw new KarborFault(
      503,
      `Keystone sign-in is not set up on this server (${(error as Error).message}); sign in with a token instead.`,
      { cause: error },
    );
  }
  return `${identityV3Url(authUrl)}/auth/tokens${search}`;
};

/**
 * Faults are rendered here rather than by the adapter, which hides 5xx messages: "Keystone is
 * not set up" and "Keystone did not answer" are what the user needs to read.
 */
const sendFault = (response: ServerResponse, fault: KarborFault): void => {
  response.writeHead(fault.status, {
    'content-type': 'application/json',
    'x-openstack-request-id': `req-${randomUUID()}`,
    ...fault.headers,
  });
  response.end(JSON.stringify(fault.toJSON()));
};

const forward = async (
  options: IdentityPassThroughOptions,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> => {
  const method = request.method ?? 'GET';
  if (!['POST', 'GET', 'DELETE'].includes(method)) {
    throw new KarborFault(405, `${method} is not forwarded to Keystone.`, {
      headers: { allow: 'POST, GET, DELETE' },
    });
  }
  const target = await keystoneUrl(options, url.search);
  const headers: Record<string, string> = {};
  for (const name of forwardedRequestHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = method === 'POST' ? await readBody(request) : undefined;
  let answer: Response;
  try {
    answer = await fetch(target, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new KarborFault(502, `Keystone did not answer (${(error as Error).message}).`, { cause: error });
  }
  const out: Record<string, string> = { 'cache-control': 'no-store' };
  for (const name of forwardedResponseHeaders) {
    const value = answer.headers.get(name);
    if (value !== null) out[name] = value;
  }
  const payload = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, out);
  response.end(payload);
};

export const identityPassThrough = (options: IdentityPassThroughOptions): LocalMount => ({
  matches: (pathname) => pathname === identityPath,
  handle: async (request, response, url) => {
    try {
      await forward(options, request, response, url);
    } catch (error) {
      if (!(error instanceof KarborFault) || response.headersSent) throw error;
      sendFault(response, error);
    }
  },
});
