import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../local/processes.js';

/**
 * Our API as the CLIs see it: `local/start.ts` in a child process on a free loopback port with
 * a fresh data directory. The child runs in its own process group so that stopping it also
 * stops whatever it started (DynamoDB Local, movers).
 */

export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

export interface KarborServer {
  /** `http://127.0.0.1:<port>` — no trailing slash. */
  readonly url: string;
  /** The last lines the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** `KARBOR_AUTH` of the server: `noauth` (default) or `keystone`. */
  readonly auth?: string;
  /** Extra environment for the server, e.g. Keystone settings in keystone mode. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const repoRoot = new URL('../../', import.meta.url).pathname;

const answersVersions = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 300;
  } catch {
    return false;
  }
};

/** The server starts its own DynamoDB Local: endpoints another tier's setup exported are dropped. */
const ownBankEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

const stopGroup = async (child: ChildProcess): Promise<void> => {
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // the group is already gone
    }
  };
  signalGroup('SIGTERM');
  const stopped = await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) signalGroup('SIGKILL');
  await gone;
  // children that ignored SIGTERM while the leader exited
  signalGroup('SIGKILL');
};

export const startServer = async (options: ServerOptions = {}): Promise<KarborServer> => {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'karbor-client-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...ownBankEnv(),
      ...options.env,
      PORT: String(port),
      KARBOR_DATA_DIR: dataDir,
      KARBOR_AUTH: options.auth ?? 'noauth',
    },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const server: KarborServer = {
    url,
    output: () => output,
    stop: async () => {
      await stopGroup(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  while (Date.now() < deadline) {
    if (spawnError || exited(child)) {
      await server.stop();
      const why = spawnError ? spawnError.message : `exited with code ${child.exitCode ?? child.signalCode}`;
      throw new ServerStartError(`local/start.ts ${why} before answering GET /:\n${output.trim()}`);
    }
    if (await answersVersions(url)) return server;
    await sleep(300);
  }
  await server.stop();
  throw new ServerStartError(
    `local/start.ts did not answer GET / with 300 on ${url} in time:\n${output.trim()}`,
  );
};
