import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkflowUnavailable } from '../lib/workflows/orchestrator.js';
import { LocalOrchestrator } from './local-orchestrator.js';
import { localFixedValues } from './local-workflow-values.js';

const fixtures = fileURLToPath(new URL('./test-fixtures/', import.meta.url));

interface LogLine {
  message: string;
  [key: string]: unknown;
}

const orchestratorWithLog = (): { orchestrator: LocalOrchestrator; lines: LogLine[] } => {
  const lines: LogLine[] = [];
  const record = (message: string, attributes: Record<string, unknown>) => {
    lines.push({ message, ...attributes });
  };
  const orchestrator = new LocalOrchestrator({
    dir: join(fixtures, 'statemachines'),
    tasksDir: join(fixtures, 'tasks'),
    fixedValues: { ...localFixedValues(), BankTableName: 'bank-under-test' },
    logger: { info: record, error: record },
  });
  return { orchestrator, lines };
};

describe('LocalOrchestrator', () => {
  it('runs the workflow in the background with the execution name and input in the context', async () => {
    const { orchestrator } = orchestratorWithLog();
    await orchestrator.start('protect', 'checkpoint-1', { items: ['x'] });
    expect(orchestrator.executions()).toMatchObject([{ name: 'checkpoint-1', status: 'RUNNING' }]);
    const ended = await orchestrator.waitFor('checkpoint-1');
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      outcome: { output: { execution: 'checkpoint-1', table: 'bank-under-test', items: ['x'] } },
    });
  });

  it('ignores a second start with the same execution name', async () => {
    const { orchestrator } = orchestratorWithLog();
    await orchestrator.start('protect', 'checkpoint-2', { items: ['first'] });
    await orchestrator.start('protect', 'checkpoint-2', { items: ['second'] });
    const ended = await orchestrator.waitFor('checkpoint-2');
    expect(ended.outcome).toMatchObject({ output: { items: ['first'] } });
    expect(orchestrator.executions()).toHaveLength(1);
  });

  it('records and logs a failed execution with its error and cause', async () => {
    const { orchestrator, lines } = orchestratorWithLog();
    await orchestrator.start('verify', 'checkpoint-3', {});
    const ended = await orchestrator.waitFor('checkpoint-3');
    expect(ended).toMatchObject({ status: 'FAILED', outcome: { error: 'SnapshotFailed' } });
    expect(lines.at(-1)).toMatchObject({
      message: 'workflow execution failed',
      executionName: 'checkpoint-3',
      status: 'FAILED',
      error: 'SnapshotFailed',
    });
    expect(lines.at(-1)?.cause).toContain('volume vol-9 is busy');
  });

  it('refuses to start a workflow whose file is missing, with WorkflowUnavailable', async () => {
    const { orchestrator } = orchestratorWithLog();
    await expect(orchestrator.start('restore', 'restore-1', {})).rejects.toThrow(WorkflowUnavailable);
    await expect(orchestrator.start('restore', 'restore-1', {})).rejects.toThrow(/restore\.asl\.json/);
    expect(orchestrator.executions()).toEqual([]);
  });

  it('rejects waiting for an execution it never started', async () => {
    const { orchestrator } = orchestratorWithLog();
    await expect(orchestrator.waitFor('nobody')).rejects.toThrow(WorkflowUnavailable);
  });

  it('hands a failed execution of a project to the reconciler, which repairs what it left running', async () => {
    const ended: unknown[] = [];
    const orchestrator = new LocalOrchestrator({
      dir: join(fixtures, 'statemachines'),
      tasksDir: join(fixtures, 'tasks'),
      fixedValues: { ...localFixedValues(), BankTableName: 'bank-under-test' },
      logger: { info: () => undefined, error: () => undefined },
      reconcile: async (execution) => {
        ended.push(execution);
        return 'checkpoint c → error';
      },
    });
    await orchestrator.start('verify', 'verify-1', { project_id: 'p', verification_id: 'v' });
    await orchestrator.waitFor('verify-1');
    expect(ended).toMatchObject([
      { workflow: 'verify', status: 'FAILED', error: 'SnapshotFailed', input: { verification_id: 'v' } },
    ]);
  });
});
