import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildMover } from '../../mover-fargate/build.js';

/**
 * Builds the mover bundle (what the image runs) into node_modules/.cache, where it still
 * resolves lz4-wasm-nodejs, and runs it as a child process like the ECS task or the local
 * launcher would.
 */
const buildTestBundle = async (): Promise<{ cli: string; remove: () => Promise<void> }> => {
  const dir = fileURLToPath(
    new URL(`../../node_modules/.cache/karbor-mover/dist-${randomBytes(4).toString('hex')}`, import.meta.url),
  );
  await buildMover(dir);
  return { cli: `${dir}/cli.mjs`, remove: () => rm(dir, { recursive: true, force: true }) };
};

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; with `killAfterMs`, sends SIGKILL at that time if it is still running. */
const runCli = (
  cli: string,
  args: string[],
  options: { killAfterMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });

const lastJsonLine = <T>(text: string): T => {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
};

export type { ChildRun };
export { buildTestBundle, lastJsonLine, runCli };
