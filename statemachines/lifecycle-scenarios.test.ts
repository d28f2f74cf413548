import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stateMachinesDir } from '../lib/workflows/definitions.js';
import { LocalOrchestrator } from '../local/local-orchestrator.js';
import { localFixedValues } from '../local/local-workflow-values.js';
import { NamedError, useScenario } from './test-fixtures/scenario.js';

/**
 * Scenarios of the delete and retention workflows: the real ASL files, run by the local runner,
 * with every task mocked (statemachines/test-fixtures/tasks/) — happy path, retries then
 * succeeds, fails and cleans up.
 */

const quiet = { info: () => undefined, error: () => undefined };

const orchestrator = () =>
  new LocalOrchestrator({
    dir: stateMachinesDir,
    tasksDir: fileURLToPath(new URL('./test-fixtures/tasks/', import.meta.url)),
    fixedValues: localFixedValues(),
    retryIntervalOverrides: { DeleteCheckpoint: 1, ApplyRetention: 1 },
    waitTimeOverrides: { WaitAndRetry: 1 },
    logger: quiet,
  });

const deleteInput = {
  project_id: 'p1',
  checkpoint_id: 'c1',
  provider_id: 'prov',
  plan_id: 'plan',
  operation_log_id: 'log1',
  trust_id: 't1',
};

const finished = (status: string) => () => ({ status });

describe('delete workflow', () => {
  it('happy path: waits while the retained snapshot is being deleted, then ends', async () => {
    const scenario = useScenario({
      'delete-checkpoint': (_event, attempt) => ({
        remaining: attempt < 3 ? 1 : 0,
        status: attempt < 3 ? 'deleting' : 'deleted',
        wait_seconds: attempt < 3 ? 5 : 0,
      }),
    });
    const workflows = orchestrator();
    await workflows.start('delete', 'delete-c1', deleteInput);
    const ended = await workflows.waitFor('delete-c1');
    expect(ended.status).toBe('SUCCEEDED');
    expect(scenario.calls.map((c) => c.task)).toEqual([
      'delete-checkpoint',
      'delete-checkpoint',
      'delete-checkpoint',
    ]);
    expect(scenario.calls[0]?.event).toMatchObject({ request: deleteInput, started_at: expect.any(String) });
  });

  it('retries then succeeds: a transient store error is retried', async () => {
    const scenario = useScenario({
      'delete-checkpoint': (_event, attempt) => {
        if (attempt === 1) throw new NamedError('TransientStoreError', 'slow down');
        return { remaining: 0, status: 'deleted', wait_seconds: 0 };
      },
    });
    const workflows = orchestrator();
    await workflows.start('delete', 'delete-c2', deleteInput);
    expect((await workflows.waitFor('delete-c2')).status).toBe('SUCCEEDED');
    expect(scenario.calls.map((c) => c.task)).toEqual(['delete-checkpoint', 'delete-checkpoint']);
  });

  it('fails and cleans up: the checkpoint goes error-deleting with the reason, the execution fails', async () => {
    const scenario = useScenario({
      'delete-checkpoint': () => {
        throw new NamedError('DeleteFailed', 'snapshot s1 is error_deleting');
      },
      'finish-delete': finished('error-deleting'),
    });
    const workflows = orchestrator();
    await workflows.start('delete', 'delete-c3', deleteInput);
    const ended = await workflows.waitFor('delete-c3');
    expect(ended).toMatchObject({ status: 'FAILED', outcome: { error: 'DeleteFailed' } });
    const finish = scenario.calls.find((c) => c.task === 'finish-delete')?.event as {
      request: unknown;
      error: { Error: string; Cause: string };
    };
    expect(finish.request).toEqual(deleteInput);
    expect(finish.error.Error).toBe('DeleteFailed');
    expect(finish.error.Cause).toContain('snapshot s1 is error_deleting');
  });
});

const scheduledInput = {
  project_id: 'p1',
  scheduled_operation_id: 'op1',
  trigger_id: 'tr1',
  occurrence: '2026-03-01T03:00:00.000Z',
};

const protectStarts = (skipped: boolean) => () =>
  skipped
    ? { skipped: true, reason: 'plan plan is suspended, not started', context: null, waves: [] }
    : {
        skipped: false,
        reason: '',
        context: { kind: 'protect', project_id: 'p1', checkpoint_id: 'new', run_id: 'new' },
        waves: [],
      };

describe('retention workflow', () => {
  it('happy path: protects as a child execution, then starts one delete per dropped checkpoint', async () => {
    const scenario = useScenario({
      'start-protect': protectStarts(false),
      'finish-protect': finished('available'),
      'apply-retention': () => ({
        deletes: [
          { ...deleteInput, checkpoint_id: 'old1' },
          { ...deleteInput, checkpoint_id: 'old2' },
        ],
      }),
      'delete-checkpoint': () => ({ remaining: 0, status: 'deleted', wait_seconds: 0 }),
    });
    const workflows = orchestrator();
    await workflows.start('retention', 'retention-op1-1', scheduledInput);
    expect((await workflows.waitFor('retention-op1-1')).status).toBe('SUCCEEDED');
    const names = workflows.executions().map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['retention-op1-1', 'retention-op1-1-protect', 'delete-old1', 'delete-old2']),
    );
    expect(scenario.calls.find((c) => c.task === 'start-protect')?.event).toMatchObject({
      request: scheduledInput,
    });
    expect(scenario.calls.find((c) => c.task === 'apply-retention')?.event).toMatchObject({
      request: scheduledInput,
      execution_id: expect.stringContaining('retention-op1-1'),
    });
    await Promise.all(['delete-old1', 'delete-old2'].map((name) => workflows.waitFor(name)));
  });

  it('ends at once when the scheduled protect was skipped, deleting nothing', async () => {
    const scenario = useScenario({ 'start-protect': protectStarts(true) });
    const workflows = orchestrator();
    await workflows.start('retention', 'retention-op1-2', scheduledInput);
    expect((await workflows.waitFor('retention-op1-2')).status).toBe('SUCCEEDED');
    expect(scenario.calls.map((c) => c.task)).toEqual(['start-protect']);
  });

  it('retries then succeeds: a throttled retention task is retried', async () => {
    const scenario = useScenario({
      'start-protect': protectStarts(false),
      'finish-protect': finished('available'),
      'apply-retention': (_event, attempt) => {
        if (attempt === 1) throw new NamedError('Lambda.TooManyRequestsException', 'throttled');
        return { deletes: [] };
      },
    });
    const workflows = orchestrator();
    await workflows.start('retention', 'retention-op1-3', scheduledInput);
    expect((await workflows.waitFor('retention-op1-3')).status).toBe('SUCCEEDED');
    expect(scenario.calls.filter((c) => c.task === 'apply-retention')).toHaveLength(2);
  });

  it('fails without applying retention when the protect execution fails', async () => {
    const scenario = useScenario({
      'start-protect': protectStarts(false),
      'finish-protect': () => {
        throw new NamedError('BankUnavailable', 'no table');
      },
    });
    const workflows = orchestrator();
    await workflows.start('retention', 'retention-op1-4', scheduledInput);
    const ended = await workflows.waitFor('retention-op1-4');
    expect(ended).toMatchObject({ status: 'FAILED', outcome: { error: 'ProtectFailed' } });
    expect(scenario.calls.map((c) => c.task)).not.toContain('apply-retention');
  });
});
