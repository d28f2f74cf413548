import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AslRunner, type ExecutionOutcome } from '../local/asl-runner.js';
import { localFixedValues } from '../local/local-workflow-values.js';
import { events } from './test-fixtures/restore-tasks/events.js';

/** The real restore.asl.json with fixture tasks: order of waves, retries, failures, start failure. */

const runner = new AslRunner({
  dir: fileURLToPath(new URL('.', import.meta.url)),
  tasksDir: fileURLToPath(new URL('./test-fixtures/restore-tasks/', import.meta.url)),
  fixedValues: { ...localFixedValues(), MoverConcurrency: '2' },
  retryIntervalOverrides: { AdvanceResource: 1 },
  waitTimeOverrides: { WaitForResource: 1 },
});

const run = (id: string, input: Record<string, unknown>): Promise<ExecutionOutcome> =>
  runner.run(runner.prepare('restore'), `restore-${id}`, { restore_id: id, ...input } as never);

const waves = (...ids: (string | [string, string])[][]) =>
  ids.map((wave) =>
    wave.map((entry) =>
      typeof entry === 'string' ? { id: entry, type: 'T' } : { id: entry[0], type: 'T', mode: entry[1] },
    ),
  );

describe('restore.asl.json', () => {
  it('happy path: restores wave after wave and ends success', async () => {
    const outcome = await run('r1', {
      waves: waves(['network'], ['image', ['volume', 'wait']], ['server'], ['project']),
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { status: 'success' } });
    const seen = events.get('r1') ?? [];
    const position = (what: string) => seen.lastIndexOf(`advance ${what}`);
    expect(seen[0]).toBe('start');
    expect(position('network')).toBeLessThan(seen.indexOf('advance image'));
    expect(Math.max(position('image'), position('volume'))).toBeLessThan(position('server'));
    expect(position('server')).toBeLessThan(position('project'));
    expect(seen.filter((e) => e === 'advance volume')).toHaveLength(2); // waited once
    expect(seen.at(-1)).toBe('finish');
  });

  it('retries then succeeds: a transient error of a step is retried by the file', async () => {
    const outcome = await run('r2', { waves: waves([['image', 'flaky']]) });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { status: 'success' } });
    expect(events.get('r2')).toEqual(['start', 'advance image', 'advance image', 'finish']);
  });

  it('fails and cleans up: a failed resource goes through FailResource, the others go on, the restore fails', async () => {
    const outcome = await run('r3', { waves: waves([['image', 'broken'], 'volume'], ['server']) });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { status: 'fail' } });
    const seen = events.get('r3') ?? [];
    expect(seen).toContain('fail image: ResourceFailed');
    expect(seen).toContain('advance server');
    expect(seen.at(-1)).toBe('finish');
  });

  it('a restore that cannot start still ends, through FinishRestore with the execution input', async () => {
    const outcome = await run('r4', { fail_start: true, waves: [] });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { status: 'fail' } });
    expect(events.get('r4')).toEqual(['start', 'finish after RestoreNotRunnable']);
  });
});
