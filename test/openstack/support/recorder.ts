import { writeFileSync } from 'node:fs';
import type { Exchange } from '../../../lib/openstack/fixtures/replay.js';

/**
 * A fetch wrapper that records labelled exchanges for lib/openstack/fixtures: call `label(name)`
 * right before a client call, and its next response is kept under that name. Tokens are
 * replaced by placeholders; unlabelled calls (polls, set-up) are not kept.
 */

const scrubbed = new Set(['x-subject-token']);
const kept = [
  'content-type',
  'x-openstack-request-id',
  'x-compute-request-id',
  'x-subject-token',
  'openstack-api-version',
  'content-range',
];

export class FixtureRecorder {
  readonly #exchanges = new Map<string, Exchange[]>();
  #label: { service: string; name: string } | undefined;
  #series: { service: string; name: string; count: number } | undefined;

  label(service: string, name: string): void {
    this.#label = { service, name };
  }

  /** Keeps every response while `run` runs, as `<name>#1`, `<name>#2`, … */
  async record<T>(service: string, name: string, run: () => Promise<T>): Promise<T> {
    this.#series = { service, name, count: 0 };
    try {
      return await run();
    } finally {
      this.#series = undefined;
    }
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    let label = this.#label;
    this.#label = undefined;
    if (!label && this.#series) {
      this.#series.count += 1;
      label = { service: this.#series.service, name: `${this.#series.name}#${this.#series.count}` };
    }
    if (!label) return response;
    const text = await response.clone().text();
    const headers: Record<string, string> = {};
    for (const name of kept) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = scrubbed.has(name) ? `fixture-token-${label.name}` : value;
    }
    let body: unknown = text === '' ? null : text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text (image data)
    }
    const list = this.#exchanges.get(label.service) ?? [];
    list.push({
      name: label.name,
      method: (init?.method ?? 'GET').toUpperCase(),
      url: String(input),
      status: response.status,
      headers,
      body,
    });
    this.#exchanges.set(label.service, list);
    return response;
  }) as typeof fetch;

  /** Writes one JSON file per service into `dir`. */
  save(dir: URL): string[] {
    const written: string[] = [];
    for (const [service, exchanges] of this.#exchanges) {
      const file = new URL(`${service}.json`, dir);
      writeFileSync(file, `${JSON.stringify(exchanges, null, 2)}\n`);
      written.push(file.pathname);
    }
    return written;
  }
}
