import { execFile } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { type AuthMode, type Caller, selectedAuthMode } from './auth-modes.js';
import { type KarborServer, startServer } from './server.js';
import { parseDict, parseTable, type Row } from './table.js';

/**
 * One test file's view of the world: our server, two callers in two projects, and the real
 * CLIs bound to them. `useKarbor()` starts a fresh server before the file's tests and stops it
 * after, so files never share state.
 */

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ApiResult {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in tests
  readonly body: any;
}

const cliTimeoutMs = 90_000;

/** The CLIs must not pick up the developer's or CI's cloud settings. */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OS_|KARBOR_URL$|ALL_TENANTS$)/.test(key)) env[key] = value;
  }
  return { ...env, PYTHONWARNINGS: 'ignore', LC_ALL: 'C.UTF-8', COLUMNS: '400' };
};

const run = (command: string, args: readonly string[]): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: cleanEnv(), timeout: cliTimeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${command} ${args.join(' ')} failed to run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });

export class Karbor {
  readonly #server: KarborServer;
  readonly a: Caller;
  readonly b: Caller;
  /** An admin (quota updates, quota classes, services). */
  readonly admin: Caller;

  constructor(server: KarborServer, callers: { a: Caller; b: Caller; admin: Caller }) {
    this.#server = server;
    this.a = callers.a;
    this.b = callers.b;
    this.admin = callers.admin;
  }

  get url(): string {
    return this.#server.url;
  }

  /** The base URL the clients use: `<server>/v1/<project>`. */
  endpoint(caller: Caller): string {
    return `${this.#server.url}/v1/${caller.projectId}`;
  }

  /** The legacy `karbor` CLI in token mode (`at`: whose project URL, to test the mismatch). Prints tables; parse with `table()` / `dict()`. */
  karbor(args: readonly string[], as: Caller = this.a, at: Caller = as): Promise<CliResult> {
    const auth = ['--os-no-client-auth', '--os-auth-token', as.token, '--karbor-url', this.endpoint(at)];
    return run('karbor', [...auth, ...args]);
  }

  /** `openstack data protection <args>`; add `-f json` yourself where the command prints. */
  openstack(args: readonly string[], as: Caller = this.a, at: Caller = as): Promise<CliResult> {
    const auth = [
      '--os-auth-type',
      'admin_token',
      '--os-token',
      as.token,
      '--os-endpoint',
      this.endpoint(at),
    ];
    return run('openstack', [
      ...auth,
      '--os-data-protection-api-version',
      '1',
      'data',
      'protection',
      ...args,
    ]);
  }

  /** A request straight to our API (setup of what the CLIs cannot create without a cloud). */
  async api(method: string, path: string, body?: unknown, as: Caller = this.a): Promise<ApiResult> {
    const response = await fetch(`${this.endpoint(as)}${path}`, {
      method,
      headers: { 'X-Auth-Token': as.token, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // keep the text: a non-JSON body is itself a finding
    }
    return { status: response.status, body: parsed };
  }

  /** Like `api`, but throws unless the answer is 200 (for test setup). */
  async apiOk(method: string, path: string, body?: unknown, as: Caller = this.a): Promise<ApiResult['body']> {
    const result = await this.api(method, path, body, as);
    if (result.status !== 200) {
      throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result.body;
  }

  serverOutput(): string {
    return this.#server.output();
  }
}

/** Fails with the CLI's output when it did not exit 0; returns stdout. */
export const ok = (result: CliResult): string => {
  if (result.code !== 0) {
    throw new Error(`CLI exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result.stdout;
};

/** Fails unless the CLI failed; returns stdout and stderr together (where errors are printed). */
export const failed = (result: CliResult): string => {
  if (result.code === 0) throw new Error(`CLI unexpectedly succeeded:\n${result.stdout}`);
  return `${result.stdout}\n${result.stderr}`;
};

// biome-ignore lint/suspicious/noExplicitAny: OSC `-f json` output, checked field by field
export const json = (result: CliResult): any => JSON.parse(ok(result));
export const table = (result: CliResult): Row[] => parseTable(ok(result));
export const dict = (result: CliResult): Row => parseDict(ok(result));

/** Starts a fresh server for the calling test file; the returned object is filled in beforeAll. */
export const useKarbor = (mode: AuthMode = selectedAuthMode()): { readonly k: Karbor } => {
  const holder: { k: Karbor } = { k: undefined as unknown as Karbor };
  let server: KarborServer | undefined;
  beforeAll(async () => {
    server = await startServer({ auth: mode.serverAuth });
    holder.k = new Karbor(server, await mode.callers());
  });
  afterAll(async () => {
    await server?.stop();
  });
  return holder;
};

/**
 * Karbor's noop provider (reference §5.1) is not assumed: tests use the first provider the
 * server lists, or `KARBOR_CLIENT_PROVIDER_ID` when set.
 */
export const firstProviderId = async (k: Karbor): Promise<string> => {
  const chosen = process.env.KARBOR_CLIENT_PROVIDER_ID;
  if (chosen) return chosen;
  const body = await k.apiOk('GET', '/providers');
  const id = body?.providers?.[0]?.id;
  if (typeof id !== 'string') throw new Error(`GET /providers lists no provider: ${JSON.stringify(body)}`);
  return id;
};

/** `useKarbor()` plus the provider the file's tests use, resolved before they run. */
export const useKarborWithProvider = (): { readonly k: Karbor; readonly providerId: string } => {
  const ctx = useKarbor();
  const holder = {
    get k() {
      return ctx.k;
    },
    providerId: '',
  };
  beforeAll(async () => {
    holder.providerId = await firstProviderId(ctx.k);
  });
  return holder;
};

/** Creates a plan through the API (the CLI's plan create needs a cloud, see README). */
export const createPlan = async (
  k: Karbor,
  providerId: string,
  name: string,
  as: Caller = k.a,
): Promise<{ id: string; name: string; provider_id: string; status: string }> => {
  const body = await k.apiOk(
    'POST',
    '/plans',
    {
      plan: {
        name,
        description: `${name} description`,
        provider_id: providerId,
        resources: [{ id: as.projectId, type: 'OS::Keystone::Project', name: 'project' }],
        parameters: {},
      },
    },
    as,
  );
  return body.plan;
};

export type { Caller } from './auth-modes.js';

/**
 * A checkpoint in `available`, without a cloud: a plan over the caller's project and a
 * checkpoint, which the protect workflow takes to `available` (the project resource needs no
 * cloud); if it ended otherwise, the owner's reset-state puts it there.
 */
export const availableCheckpoint = async (
  k: Karbor,
  providerId: string,
  as: Caller = k.a,
): Promise<string> => {
  const plan = await createPlan(k, providerId, 'for-runs', as);
  const created = await k.apiOk(
    'POST',
    `/providers/${providerId}/checkpoints`,
    { checkpoint: { plan_id: plan.id } },
    as,
  );
  const id = created.checkpoint.id as string;
  const path = `/providers/${providerId}/checkpoints/${id}`;
  const deadline = Date.now() + 60_000;
  let status = created.checkpoint.status as string;
  while (status === 'protecting' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = (await k.apiOk('GET', path, undefined, as)).checkpoint.status as string;
  }
  if (status !== 'available') await k.apiOk('PUT', path, { 'os-resetState': { state: 'available' } }, as);
  return id;
};

/** Runs a `*-show` command until the object's status is no longer `in_progress` (its workflow ended). */
export const ended = async (show: () => Promise<CliResult>, timeoutMs = 60_000): Promise<Row> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = dict(await show());
    if (shown.status !== 'in_progress' || Date.now() > deadline) return shown;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};
