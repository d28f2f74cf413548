import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AslRunner, type ExecutionOutcome, WorkflowDefinitionError } from './asl-runner.js';
import { localFixedValues } from './local-workflow-values.js';

const fixtures = fileURLToPath(new URL('./test-fixtures/', import.meta.url));
const fixedValues = { ...localFixedValues(), BankTableName: 'bank-under-test', MoverConcurrency: '2' };

const runner = new AslRunner({
  dir: join(fixtures, 'statemachines'),
  tasksDir: join(fixtures, 'tasks'),
  fixedValues,
  moverCommand: `node ${join(fixtures, 'fake-mover.mjs')}`,
  retryIntervalOverrides: { Flaky: 1 },
});

const run = (workflow: string, name: string, input: Record<string, unknown>): Promise<ExecutionOutcome> =>
  runner.run(runner.prepare(workflow), name, input as never);

const maxOverlap = (spans: { startedAt: number; endedAt: number }[]): number =>
  Math.max(
    ...spans.map(
      (span) => spans.filter((o) => o.startedAt < span.endedAt && span.startedAt < o.endedAt).length,
    ),
  );

describe('AslRunner', () => {
  it('runs lambda tasks and a Map limited to MoverConcurrency items at a time', async () => {
    const outcome = await run('happy-path', 'exec-happy', { items: ['a', 'b', 'c', 'd', 'e'] });
    expect(outcome.status).toBe('SUCCEEDED');
    const output = (outcome as { output: Record<string, unknown> }).output;
    expect(output).toMatchObject({ execution: 'exec-happy', table: 'bank-under-test' });
    const tracked = output.tracked as { item: string; startedAt: number; endedAt: number }[];
    expect(tracked.map((entry) => entry.item)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(new Set(tracked.map((entry) => (entry as { execution?: string }).execution))).toEqual(
      new Set(['exec-happy']),
    );
    expect(maxOverlap(tracked)).toBe(2);
  });

  it('retries a task whose handler fails with the error name a Retry lists, then succeeds', async () => {
    const started = Date.now();
    const outcome = await run('retries', 'exec-retry', { errorName: 'TransientGlitch' });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { attempt: 2 } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not retry an error whose name the Retry does not list, and reports that name', async () => {
    const outcome = await run('retries', 'exec-no-retry', { errorName: 'OtherGlitch' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'OtherGlitch' });
    expect(JSON.parse((outcome as { cause: string }).cause)).toEqual({
      errorType: 'OtherGlitch',
      errorMessage: 'attempt 1 failed with OtherGlitch',
    });
  });

  it('catches a failed task into $.error, runs the cleanup task and ends in Fail', async () => {
    const outcome = await run('cleans-up', 'exec-cleanup', { volume: 'vol-1' });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'ProtectFailed',
      cause: 'cleaned up after SnapshotFailed (SnapshotFailed): volume vol-1 is busy',
    });
  });

  it('lets a Map catch a task error of one of its items by the handler error name', async () => {
    const outcome = await run('map-catch', 'exec-map-catch', { volumes: ['vol-2'] });
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      output: { volumes: ['vol-2'], snapshotError: { Error: 'SnapshotFailed' } },
    });
  });

  it('runs ecs:runTask.sync as a mover child process with the override command and environment', async () => {
    const outcome = await run('mover', 'exec-mover', { job: 'job-7' });
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { job: 'job-7', mover: { exitCode: 0, stopCode: 'EssentialContainerExited' } },
    });
  });

  it('fails ecs:runTask.sync with States.TaskFailed and the mover stderr when it exits non-zero', async () => {
    const outcome = await run('mover', 'exec-mover-fail', { job: 'fail' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    const cause = JSON.parse((outcome as { cause: string }).cause) as Record<string, unknown>;
    expect(cause.Containers).toEqual([{ Name: 'mover', ExitCode: 3, LastStatus: 'STOPPED' }]);
    expect(cause.Stderr).toContain('last words: device vanished');
  });

  it('fails a task with States.Timeout when it outlives its own TimeoutSeconds', async () => {
    const outcome = await run('times-out', 'exec-timeout', {});
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('rejects a Choice rule with IsNull false, which the local runner would never match', () => {
    expect(() => runner.prepare('is-null-false')).toThrow(/IsNull: false on \$\.next/);
  });

  it('rejects a file that uses JSONata', () => {
    expect(() => runner.prepare('jsonata')).toThrow(/JSONata/);
  });

  it('rejects a file with a placeholder it has no value for', () => {
    expect(() => runner.prepare('missing-placeholder')).toThrow(/NoSuchPlaceholder/);
  });

  it('rejects a Task resource it cannot run locally, naming the state and the resource', () => {
    expect(() => runner.prepare('unknown-resource')).toThrow(/Notify.*arn:aws:states:::sns:publish/);
  });

  it('rejects a missing workflow file', () => {
    expect(() => runner.prepare('restore')).toThrow(WorkflowDefinitionError);
  });
});
