import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { guardedSpawn } from './child-guard.js';
import { stopProcess } from './processes.js';

const work = mkdtempSync(join(tmpdir(), 'child-guard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Running, not a zombie (in a container whose init does not reap, the dead stay zombies). */
const isRunning = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
};

const waitUntil = async (check: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
};

describe('child guard', () => {
  it('kills the child when the parent is SIGKILLed', async () => {
    // a parent that starts `sleep` under the guard and prints the sleeper's pid
    const parentScript = join(work, 'parent.mts');
    writeFileSync(
      parentScript,
      `import { guardedSpawn } from ${JSON.stringify(resolve(import.meta.dirname, 'child-guard.ts'))};
       guardedSpawn('sh', ['-c', 'echo $$; exec sleep 60'], { output: 'inherit' });
       setInterval(() => {}, 1000);`,
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', parentScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const sleeper = await new Promise<number>((resolvePid) =>
      parent.stdout.once('data', (chunk: Buffer) => resolvePid(Number(chunk.toString().trim()))),
    );
    expect(isRunning(sleeper)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isRunning(sleeper), 10_000)).toBe(true);
  });

  it('kills a child that ignores SIGTERM when its stop times out, instead of orphaning it', async () => {
    const guard = guardedSpawn('sh', ['-c', 'trap "" TERM; echo $$; exec sleep 60']);
    const sleeper = await new Promise<number>((resolvePid) =>
      guard.stdout?.once('data', (chunk: Buffer) => resolvePid(Number(chunk.toString().trim()))),
    );
    await stopProcess(guard, 500);
    expect(await waitUntil(() => !isRunning(sleeper), 5_000)).toBe(true);
  });

  it('passes the child exit code and a stop signal through', async () => {
    const failing = guardedSpawn('sh', ['-c', 'exit 7']);
    const code = await new Promise((done) => failing.once('exit', (exitCode) => done(exitCode)));
    expect(code).toBe(7);
    const sleeper = guardedSpawn('sleep', ['60']);
    await sleep(300);
    sleeper.kill('SIGTERM');
    const signal = await new Promise((done) => sleeper.once('exit', (_code, exitSignal) => done(exitSignal)));
    expect(signal).toBe('SIGTERM');
  });
});
