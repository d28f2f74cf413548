import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KarborFault } from '../lib/karbor/faults.js';
import { createLocalApi, requestUrlOf } from './http-adapter.js';

const dechunk = (payload: string): string => {
  let body = '';
  let rest = payload;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
};

/** Sends one raw HTTP/1.1 request (fetch would normalise the target) and returns the status line and body. */
const rawRequest = (port: number, requestLine: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nX-Auth-Token: u:p\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const [head = '', payload = ''] = text.split('\r\n\r\n');
      resolve({ status, body: /transfer-encoding: chunked/i.test(head) ? dechunk(payload) : payload });
    });
  });

describe('requestUrlOf', () => {
  it('keeps every slash of an origin-form target instead of reading it as a host', () => {
    expect(requestUrlOf('//').pathname).toBe('//');
    expect(requestUrlOf('///').pathname).toBe('///');
    expect(requestUrlOf('//evil.example/v1/p').pathname).toBe('//evil.example/v1/p');
  });

  it('takes the path of an absolute-form target', () => {
    const url = requestUrlOf('http://elsewhere:1/v1/p/plans?limit=1');
    expect(url.pathname).toBe('/v1/p/plans');
    expect(url.search).toBe('?limit=1');
  });

  it('refuses asterisk- and authority-form targets with a 400 fault', () => {
    for (const target of ['*', 'example.com:443', 'http:', 'http://[::1']) {
      expect(() => requestUrlOf(target), target).toThrow(KarborFault);
      try {
        requestUrlOf(target);
      } catch (error) {
        expect((error as KarborFault).status).toBe(400);
      }
    }
  });
});

describe('the local adapter', () => {
  const server = createLocalApi({
    handlerFor: async () => async (event) => ({
      statusCode: 200,
      body: JSON.stringify({ path: event.path }),
    }),
    authorize: async () => ({ userId: 'u', projectId: 'p', roles: '', isAdmin: 'false', projectName: '' }),
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const targets = [
    '//',
    '///',
    '//v1',
    '/v1//p//plans',
    '/v1/p/plans/%zz',
    '/v1/p/plans/%00',
    '/v1/p/plans/..%2f..%2f',
    '/%E0%A4%A',
    'http://other.example/v1/p/plans',
    'http://[bad/v1',
    '*',
    '/v1/p/plans?name=%zz&limit=%',
    `/${'a/'.repeat(4000)}`,
  ];
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    it(`answers ${method} on odd targets below 500`, async () => {
      for (const target of targets) {
        const reply = await rawRequest(port, `${method} ${target} HTTP/1.1`);
        expect(reply.status, `${method} ${target}: ${reply.body}`).toBeGreaterThanOrEqual(200);
        expect(reply.status, `${method} ${target}: ${reply.body}`).toBeLessThan(500);
      }
    });
  }

  it('answers a target it cannot read with a Karbor 400 fault', async () => {
    const reply = await rawRequest(port, 'GET * HTTP/1.1');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
  });
});
