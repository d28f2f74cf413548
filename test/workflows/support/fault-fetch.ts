/**
 * Faults for the OpenStack calls the workflow's tasks make in this process: installed in place
 * of the global fetch before the tasks' sessions exist (each session takes the global fetch
 * when it is made), it answers the first `times` requests that `when` picks with `status` and
 * an OpenStack-style error body, as a failing service would; everything else goes through.
 * The mover runs as a child process and is not affected.
 */

export interface FetchFault {
  readonly when: (method: string, url: URL) => boolean;
  readonly status: number;
  /** how many matching requests fail (enough to exhaust the client's retries of a GET: 4) */
  readonly times: number;
}

export class FaultyFetch {
  readonly #original: typeof fetch;
  #fault: FetchFault | undefined;
  injected = 0;

  constructor() {
    this.#original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const fault = this.#fault;
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      if (fault && this.injected < fault.times && fault.when(method, url)) {
        this.injected += 1;
        return new Response(
          JSON.stringify({ error: { message: `injected ${fault.status}`, code: fault.status } }),
          {
            status: fault.status,
            headers: {
              'content-type': 'application/json',
              'x-openstack-request-id': `req-injected-${this.injected}`,
            },
          },
        );
      }
      return this.#original(input, init);
    }) as typeof fetch;
  }

  inject(fault: FetchFault): void {
    this.#fault = fault;
    this.injected = 0;
  }

  clear(): void {
    this.#fault = undefined;
  }

  uninstall(): void {
    globalThis.fetch = this.#original;
  }
}

/** `METHOD` and a path pattern (matched against the URL's path). */
export const request =
  (method: string, path: RegExp, unless: (url: URL) => boolean = () => false) =>
  (m: string, url: URL): boolean =>
    m === method && path.test(url.pathname) && !unless(url);
