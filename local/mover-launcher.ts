import { getString } from '../lib/config/env.js';
import { guardedSpawn } from './child-guard.js';
import { trackChild } from './processes.js';

/**
 * Runs the mover as a child process where AWS runs it as a Fargate task: the command line is
 * `KARBOR_MOVER_COMMAND` followed by the container override's `Command`, the environment is
 * ours plus the override's `Environment`, exactly what ECS would hand the container.
 */

export const defaultMoverCommand = 'node --import tsx mover-fargate/src/cli.ts';

export interface MoverRun {
  readonly args: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
}

export interface MoverExit {
  readonly exitCode: number;
  /** The last lines the mover wrote to stderr. */
  readonly stderrTail: string;
}

export class MoverLaunchError extends Error {
  override name = 'MoverLaunchError';
}

const tailLines = 20;
const tailChars = 4_000;

export const moverCommandFromEnv = (): string => getString('KARBOR_MOVER_COMMAND', defaultMoverCommand);

/** Splits a command line on whitespace; quotes are not interpreted (none of our commands need them). */
const commandWords = (commandLine: string): [string, ...string[]] => {
  const words = commandLine.split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) throw new MoverLaunchError('the mover command is empty');
  return words as [string, ...string[]];
};

export const runMover = async (
  run: MoverRun,
  options: { command?: string; cwd?: string } = {},
): Promise<MoverExit> => {
  const [executable, ...baseArgs] = commandWords(options.command ?? moverCommandFromEnv());
  // under a child guard: a mover never outlives npm start, however npm start ends
  const child = trackChild(
    guardedSpawn(executable, [...baseArgs, ...run.args], {
      cwd: options.cwd,
      env: { ...process.env, ...run.environment },
      output: 'inherit',
      errorOutput: 'pipe',
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-tailChars);
  });
  return new Promise<MoverExit>((resolve, reject) => {
    child.once('error', (error) =>
      reject(
        new MoverLaunchError(`the mover could not start (${executable}): ${error.message}`, { cause: error }),
      ),
    );
    child.once('close', (code, signal) => {
      const stderrTail = stderr.trimEnd().split('\n').slice(-tailLines).join('\n');
      resolve({ exitCode: code ?? (signal ? 128 : 1), stderrTail });
    });
  });
};
