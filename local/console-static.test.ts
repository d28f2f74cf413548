import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleStatic, fileFor } from './console-static.js';
import { createLocalApi } from './http-adapter.js';

const root = mkdtempSync(join(tmpdir(), 'console-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');

let unavailable: string | undefined;
const server = createLocalApi({
  // the API's answer, to tell it from the mount's
  handlerFor: async () => async () => ({ statusCode: 418, body: 'api' }),
  authorize: async () => ({}),
  mounts: [consoleStatic({ root, unavailable: () => unavailable })],
});
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fileFor', () => {
  it('maps /console/ paths into the root and refuses ones that escape it', () => {
    expect(fileFor(root, '/console/')).toBe(join(root, 'index.html'));
    expect(fileFor(root, '/console/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(fileFor(root, '/console/../secret')).toBeUndefined();
    expect(fileFor(root, '/console/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(fileFor(root, '/console/%E0%A4%A')).toBeUndefined();
  });
});

describe('the console on the local server', () => {
  it('serves index.html uncached with a same-origin content policy', async () => {
    const response = await fetch(`${base}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('caches hashed assets for good', async () => {
    const response = await fetch(`${base}/console/assets/index-abc.js`);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-type')).toContain('text/javascript');
  });

  it('redirects /console to /console/ and answers 404 for missing files', async () => {
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    expect((await fetch(`${base}/console/nope.js`)).status).toBe(404);
  });

  it('refuses writes and says why while the console is unavailable', async () => {
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
    unavailable = 'it is being built';
    const response = await fetch(`${base}/console/`);
    unavailable = undefined;
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('it is being built');
  });

  it('leaves other paths to the API', async () => {
    expect((await fetch(`${base}/v1/p/plans`)).status).toBe(418);
    expect((await fetch(`${base}/consoles`)).status).not.toBe(200);
  });
});
