import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/**
 * No child of the local runtime outlives it, however the parent dies (SIGKILL included, when no
 * exit handler runs). Each child is started under a small guard process whose stdin is a pipe
 * from the parent: the kernel closes that pipe when the parent dies, the guard reads EOF and
 * SIGKILLs the child. The guard forwards SIGTERM and SIGINT, and exits as the child did, so the
 * parent sees the child's own exit code or signal. (Linux has PR_SET_PDEATHSIG for this, but
 * Node cannot set it, and Java cannot watch its stdin for us.)
 */

// handlers first, child second: a signal or EOF that arrives while the child starts is not lost
const guardScript = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
let child;
let pendingSignal;
const killChild = () => { try { child?.kill('SIGKILL'); } catch {} };
process.stdin.on('end', () => { killChild(); process.exit(137); });
process.stdin.on('error', () => { killChild(); process.exit(137); });
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => { if (child) child.kill(signal); else pendingSignal = signal; });
child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (pendingSignal) child.kill(pendingSignal);
child.on('error', (error) => { process.stderr.write(String(error.message) + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => {
  if (signal) { process.removeAllListeners(signal); process.kill(process.pid, signal); }
  else process.exit(code ?? 1);
});
`;

type Output = 'pipe' | 'inherit';

export type GuardedSpawnOptions = Omit<SpawnOptions, 'stdio'> & {
  /** stdout and stderr of the child (stdin is the guard's pipe): 'pipe' (default) or 'inherit' */
  readonly output?: Output;
  /** stderr alone, when it differs from stdout */
  readonly errorOutput?: Output;
};

/**
 * Spawns `command` under a guard; the returned process is the guard's (its pid is the guard's,
 * its exit is the child's). A missing command makes the guard exit 127 with the reason on stderr.
 */
export const guardedSpawn = (
  command: string,
  args: readonly string[],
  options: GuardedSpawnOptions = {},
): ChildProcess => {
  const { output = 'pipe', errorOutput = output, ...spawnOptions } = options;
  const guard = spawn(process.execPath, ['-e', guardScript, '--', command, ...args], {
    ...spawnOptions,
    stdio: ['pipe', output, errorOutput],
  });
  // the pipe is never written: it exists to be closed by the kernel when this process dies
  guard.stdin?.on('error', () => undefined);
  return guard;
};
