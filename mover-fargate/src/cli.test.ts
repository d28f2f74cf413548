import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');

const runCli = (args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'mover-fargate/src/cli.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, MOVER_JOB: '' },
  });
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  return { exitCode: result.status, summary: JSON.parse(lastLine).summary as { status: string } };
};

describe('mover command line', () => {
  it('exits 2 (invalid-job) for an unknown flag, so callers do not retry a usage error', () => {
    const { exitCode, summary } = runCli(['backup', '--no-such-flag']);
    expect(summary.status).toBe('invalid-job');
    expect(exitCode).toBe(2);
  });

  it('exits 2 for a flag that is missing its value', () => {
    const { exitCode, summary } = runCli(['--job']);
    expect(summary.status).toBe('invalid-job');
    expect(exitCode).toBe(2);
  });
});
