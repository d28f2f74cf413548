import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakeImage {
  status: string;
  data: Buffer;
}

/**
 * A stand-in for Glance v2's image data API (GET /v2/images/{id}, GET and PUT
 * /v2/images/{id}/file) on loopback, for the mover's integration tier; the real Glance runs
 * in the openstack tier. `ranges: false` makes it ignore Range like a proxy that strips it.
 */
class FakeGlance {
  readonly images = new Map<string, FakeImage>();
  readonly requests: { method: string; url: string; range?: string }[] = [];
  ranges = true;
  readonly token = 'gAAAA-test-token';
  #server: Server | undefined;
  endpoint = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      ...(req.headers.range ? { range: req.headers.range } : {}),
    });
    if (req.headers['x-auth-token'] !== this.token) {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end('{"error": "The request you have made requires authentication."}');
      return;
    }
    const match = /^\/v2\/images\/([^/]+)(\/file)?$/.exec(req.url ?? '');
    const image = match ? this.images.get(decodeURIComponent(match[1] ?? '')) : undefined;
    if (!match || (!image && req.method !== 'PUT')) {
      res.writeHead(404).end('Not Found');
      return;
    }
    if (req.method === 'PUT' && match[2]) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      this.images.set(decodeURIComponent(match[1] ?? ''), { status: 'active', data: Buffer.concat(chunks) });
      res.writeHead(204).end();
      return;
    }
    if (!image) return;
    if (!match[2]) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          id: match[1],
          status: image.status,
          size: image.status === 'active' ? image.data.length : null,
        }),
      );
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (this.ranges && range) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), image.data.length - 1);
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${end}/${image.data.length}`,
        'Content-Length': end - start + 1,
      });
      res.end(image.data.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': image.data.length });
    res.end(image.data);
  }
}

export { FakeGlance };
