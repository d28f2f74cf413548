import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP proxy in front of a real service that injects faults: the first `failures`
 * requests matching `when` get `status` (or hang until the client gives up, with status
 * 'hang'); everything else is forwarded untouched. Counts what it saw.
 */

export interface FaultPlan {
  readonly failures: number;
  readonly status: number | 'hang';
  readonly when?: (request: IncomingMessage) => boolean;
  readonly retryAfterSeconds?: number;
}

export class FaultProxy {
  readonly #target: URL;
  readonly #server: Server;
  #plan: FaultPlan = { failures: 0, status: 503 };
  #injected = 0;
  seen = 0;

  private constructor(target: string) {
    this.#target = new URL(target);
    this.#server = createServer((req, res) => {
      this.seen += 1;
      const plan = this.#plan;
      if (this.#injected < plan.failures && (plan.when?.(req) ?? true)) {
        this.#injected += 1;
        if (plan.status === 'hang') return; // never answer
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-openstack-request-id': `req-injected-${this.#injected}`,
        };
        if (plan.retryAfterSeconds !== undefined) headers['retry-after'] = String(plan.retryAfterSeconds);
        res.writeHead(plan.status, headers);
        res.end(JSON.stringify({ error: { message: `injected ${plan.status}` } }));
        req.resume();
        return;
      }
      const upstream = forward(
        {
          host: this.#target.hostname,
          port: this.#target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      req.pipe(upstream);
    });
  }

  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  inject(plan: FaultPlan): void {
    this.#plan = plan;
    this.#injected = 0;
    this.seen = 0;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
