import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { freePort } from '../../local/processes.js';

/**
 * `npm start` SIGKILLed while a protect runs, then started again on the same data directory:
 * nothing of the first start keeps running, a second start refuses the directory while the
 * first owns it, and the restarted one resumes the protect so that the checkpoint ends
 * `available` or `error` within a minute. Then its DynamoDB Local is killed: the API serves
 * again within 30 s. The plan protects the project resource: no cloud.
 */

const repoRoot = new URL('../../', import.meta.url).pathname;
const project = 'cccccccccccccccccccccccccccccccc';
const token = `alice:${project}`;

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** The server starts its own Bank: endpoints this tier's setup exported are dropped. */
const ownBankEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));

const launch = (dataDir: string, port: number): Started => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...ownBankEnv(), PORT: String(port), KARBOR_DATA_DIR: dataDir, KARBOR_AUTH: 'noauth' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-400_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
};

const ready = async (server: Started): Promise<Started> => {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`npm start exited:\n${server.output()}`);
    const answer = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(2000) }).catch(
      () => undefined,
    );
    if (answer?.status === 300) return server;
    await sleep(300);
  }
  throw new Error(`npm start did not answer:\n${server.output()}`);
};

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

/** Every process below `pid` (DynamoDB Local's guard and java, esbuild, movers). */
const descendantsOf = (pid: number): number[] => {
  let children: number[] = [];
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    children = tasks.flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
};

const isRunning = (pid: number): boolean => {
  try {
    // a zombie still answers kill 0; its state is Z
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
};

const call = async (server: Started, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}/v1/${project}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

let dataDir: string;
const servers: Started[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-crash-'));
});

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map((server) => exitOf(server.child)));
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start killed during a protect', () => {
  it('leaves nothing running, refuses a second owner, and the restart ends the checkpoint', async () => {
    const first = await ready(launch(dataDir, await freePort()));
    servers.push(first);
    const firstPid = first.child.pid as number;

    const second = launch(dataDir, await freePort());
    expect(await exitOf(second.child), second.output()).not.toBe(0);
    expect(second.output()).toContain(`in use by another npm start (pid ${firstPid})`);

    const base = `/providers/${blockProvider.id}/checkpoints`;
    const plan = await call(first, 'POST', '/plans', {
      plan: {
        name: 'crash',
        provider_id: blockProvider.id,
        parameters: {},
        resources: [{ id: project, type: 'OS::Keystone::Project', name: 'crash' }],
      },
    });
    expect(plan.status).toBe(200);
    const created = await call(first, 'POST', base, {
      checkpoint: { plan_id: (plan.body as { plan: { id: string } }).plan.id },
    });
    const checkpointId = (created.body as { checkpoint: { id: string } }).checkpoint.id;
    const children = descendantsOf(firstPid);
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    // killed while the protect ran: its execution is still recorded
    expect(readdirSync(join(dataDir, 'executions'))).toHaveLength(1);
    expect(children.length).toBeGreaterThan(0);

    // no process of the first start outlives it
    const deadline = Date.now() + 15_000;
    while (children.some(isRunning) && Date.now() < deadline) await sleep(100);
    expect(children.filter(isRunning)).toEqual([]);

    const restarted = await ready(launch(dataDir, await freePort()));
    servers.push(restarted);
    expect(restarted.output()).toContain(`took over the lock of pid ${firstPid}`);
    const ends = Date.now() + 60_000;
    let status = 'protecting';
    while (status === 'protecting' && Date.now() < ends) {
      await sleep(500);
      const shown = await call(restarted, 'GET', `${base}/${checkpointId}`);
      status = (shown.body as { checkpoint: { status: string } }).checkpoint.status;
    }
    expect(['available', 'error'], restarted.output()).toContain(status);
    expect(restarted.output()).toContain('Recovery: protect');
    expect(existsSync(join(dataDir, 'karbor.lock'))).toBe(true);
    // the resumed execution's record goes when it ends, a moment after the checkpoint settles
    const recordGone = Date.now() + 15_000;
    while (readdirSync(join(dataDir, 'executions')).length > 0 && Date.now() < recordGone) await sleep(200);
    expect(readdirSync(join(dataDir, 'executions'))).toEqual([]);

    // the Bank killed under the running API: restarted by itself, the API serves again
    const java = descendantsOf(restarted.child.pid as number).find((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar'),
    );
    expect(java).toBeDefined();
    process.kill(java as number, 'SIGKILL');
    const killedAt = Date.now();
    let plans = 0;
    while (plans !== 200 && Date.now() - killedAt < 30_000) {
      await sleep(500);
      plans = (await call(restarted, 'GET', '/plans').catch(() => ({ status: 0 }))).status;
    }
    expect(plans, restarted.output()).toBe(200);
    expect(restarted.output()).toContain('DynamoDB Local was killed by SIGKILL; restarting it');
    expect(restarted.output()).toMatch(/DynamoDB Local restarted \(pid \d+\)/);
    expect((await call(restarted, 'GET', `${base}/${checkpointId}`)).status).toBe(200);
  }, 420_000);
});
