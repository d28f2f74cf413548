import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { guardedSpawn } from './child-guard.js';

/**
 * Child processes of the local runtime (emulators, movers). Every child is tracked so that
 * Ctrl-C, SIGTERM or a crash of the parent stops all of them; children started under a child
 * guard (spawnChild, child-guard.ts) also die when the parent is killed outright.
 */

export class ProcessStartError extends Error {
  override name = 'ProcessStartError';
}

const children = new Set<ChildProcess>();

export const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export interface StartOptions {
  readonly name: string;
  /** Starts the child; use `spawnChild` for a plain command line. */
  readonly launch: () => ChildProcess;
  /** Resolves true once the child answers; polled until `timeoutMs`. */
  readonly isReady: () => Promise<boolean>;
  readonly timeoutMs?: number;
  /** What to tell the user when the command is missing. */
  readonly installHint: string;
}

const describeExit = (child: ChildProcess): string =>
  child.exitCode !== null ? `exited with code ${child.exitCode}` : `killed by ${child.signalCode}`;

/** Adds a child to those stopped with the local runtime; it leaves the set when it exits. */
export const trackChild = <T extends ChildProcess>(child: T): T => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

export const startProcess = async (start: StartOptions): Promise<ChildProcess> => {
  const child = trackChild(start.launch());
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + (start.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const failure = await Promise.race([spawnError, sleep(250).then(() => undefined)]);
    if (failure)
      throw new ProcessStartError(`${start.name} could not start (${failure.message}). ${start.installHint}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ProcessStartError(
        `${start.name} ${describeExit(child)}: ${output.trim()}\n${start.installHint}`,
      );
    }
    if (await start.isReady().catch(() => false)) {
      child.stdout?.off('data', collect);
      child.stderr?.off('data', collect);
      child.stdout?.resume();
      child.stderr?.resume();
      return child;
    }
  }
  child.kill('SIGKILL');
  throw new ProcessStartError(`${start.name} did not become ready in time: ${output.trim()}`);
};

/** A plain command line under a child guard (child-guard.ts): it dies with this process. */
export const spawnChild = (
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): ChildProcess => guardedSpawn(command, args, options);

export const stopProcess = async (child: ChildProcess, graceMs = 5_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    // a guard SIGKILLs its child on EOF; SIGKILLing the guard itself would orphan the child
    child.stdin?.destroy();
    const guardDone = await Promise.race([exited.then(() => true), sleep(2_000).then(() => false)]);
    if (!guardDone) child.kill('SIGKILL');
    await exited;
  }
};

export const stopAllProcesses = async (): Promise<void> => {
  await Promise.all([...children].map((child) => stopProcess(child)));
};

/**
 * Kills children synchronously when the parent exits without a chance to await. A guarded
 * child (its stdin is the guard's pipe) is left to its guard, which reads EOF as this process
 * goes and SIGKILLs it: killing the guard would leave its child running.
 */
process.once('exit', () => {
  for (const child of children) if (!child.stdin) child.kill('SIGKILL');
});
