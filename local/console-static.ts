import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalMount } from './http-adapter.js';

/**
 * Serves the built console (console/dist) under `/console/`, as CloudFront serves the site
 * bucket in AWS: GET and HEAD only, no directory listings, index.html for the root, hashed
 * assets cached for good and index.html never, and a strict same-origin content policy.
 */

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Everything is bundled: scripts, styles and API calls all stay on this origin. */
export const consoleSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const prefix = '/console';

const sendText = (response: ServerResponse, status: number, text: string, headers = {}): void => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(text);
};

/** The file a request path names inside `root`, or undefined when it escapes it. */
export const fileFor = (root: string, pathname: string): string | undefined => {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(prefix.length + 1));
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  if (relative.includes('\0')) return undefined;
  const file = normalize(join(root, relative));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
};

export interface ConsoleStaticOptions {
  /** The built console (console/dist). */
  readonly root: string;
  /** Why the console is not there, shown instead of it (e.g. a failed build). */
  readonly unavailable?: () => string | undefined;
}

export const consoleStatic = (options: ConsoleStaticOptions): LocalMount => ({
  matches: (pathname) => pathname === prefix || pathname.startsWith(`${prefix}/`),
  handle: async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (url.pathname === prefix) {
      response.writeHead(301, { location: `${prefix}/${url.search}` });
      response.end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'The console is static: only GET and HEAD.', { allow: 'GET, HEAD' });
      return;
    }
    const reason = options.unavailable?.();
    if (reason !== undefined) {
      sendText(response, 503, `The console is not available: ${reason}`);
      return;
    }
    const file = fileFor(options.root, url.pathname);
    const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (file === undefined || !info?.isFile()) {
      sendText(response, 404, 'Not found.');
      return;
    }
    const hashed = file.includes(`${sep}assets${sep}`);
    response.writeHead(200, {
      ...consoleSecurityHeaders,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-length': String(info.size),
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  },
});
