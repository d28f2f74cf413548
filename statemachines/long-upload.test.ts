import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KeystoneSession } from '../lib/openstack/session.js';
import { stateMachinesDir } from '../lib/workflows/definitions.js';
import {
  type AdvanceDependencies,
  type AdvanceInput,
  advanceResource,
} from '../lib/workflows/drivers/advance.js';
import { done, type ResourceDriver, wait } from '../lib/workflows/drivers/driver.js';
import type { ResourceRun } from '../lib/workflows/runs/resource-runs.js';
import { LocalOrchestrator } from '../local/local-orchestrator.js';
import { localFixedValues } from '../local/local-workflow-values.js';
import { useScenario } from './test-fixtures/scenario.js';

/**
 * The real protect.asl.json, run with Step Functions' history limit (25,000 events), around the
 * real AdvanceResource logic on a simulated clock: a Glance upload that takes 6 hours, polled
 * every 3 s by its driver, must end with the resource `available`, not a failed execution.
 */

const hours = 3600;
const lambdaTimeoutSeconds = 300;
const invocationMarginSeconds = 45;

/** One resource run kept in memory; the clock moves only when the task sleeps or the Wait state ends. */
const simulation = (uploadSeconds: number, pollInsideInvocation: boolean) => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const started = clock;
  let run: ResourceRun | undefined;
  let pendingWaitSeconds = 0;
  const driver: ResourceDriver = {
    firstStep: 'upload',
    steps: {
      upload: async ({ now }) =>
        now().getTime() - started >= uploadSeconds * 1000
          ? done({ uploaded: true })
          : wait('the Glance upload', 3),
    },
  };
  let invocationEnds = clock;
  const deps: AdvanceDependencies = {
    runs: {
      begin: async (project_id, run_id, kind, resource, step, now) => {
        run ??= {
          project_id,
          run_id,
          kind,
          resource_key: `${resource.type}#${resource.id}`,
          resource,
          status: 'running',
          step,
          data: {},
          temporaries: [],
          started_at: now.toISOString(),
          updated_at: now.toISOString(),
        };
        return run;
      },
      update: async (current, changes) => {
        run = { ...current, ...changes } as ResourceRun;
        return run;
      },
    },
    driverFor: () => driver,
    session: async () => ({}) as KeystoneSession,
    store: 'file:///unused',
    now: () => new Date(clock),
    submitJob: async () => [],
    removeJob: async () => undefined,
    sleep: async (seconds) => {
      clock += seconds * 1000;
    },
    invocationSecondsLeft: () =>
      pollInsideInvocation ? (invocationEnds - clock) / 1000 - invocationMarginSeconds : 0,
  };
  return {
    advance: async (event: unknown) => {
      clock += pendingWaitSeconds * 1000; // the WaitForResource state's time
      invocationEnds = clock + lambdaTimeoutSeconds * 1000;
      const output = await advanceResource(event as AdvanceInput, deps);
      pendingWaitSeconds = output.seconds;
      return output;
    },
    status: () => run?.status ?? 'never started',
    elapsedHours: () => (clock - started) / 1000 / hours,
  };
};

const protectLongUpload = async (pollInsideInvocation: boolean) => {
  const upload = simulation(6 * hours, pollInsideInvocation);
  useScenario({
    'start-protect': () => ({
      skipped: false,
      reason: '',
      context: { kind: 'protect', project_id: 'p1', checkpoint_id: 'c1', run_id: 'c1' },
      waves: [[{ type: 'OS::Cinder::Volume', id: 'vol-1', name: 'big' }]],
    }),
    'advance-resource': (event) => upload.advance(event),
    'fail-resource': () => ({ status: 'error' }),
    'finish-protect': () => ({ status: upload.status() }),
  });
  const orchestrator = new LocalOrchestrator({
    dir: stateMachinesDir,
    tasksDir: fileURLToPath(new URL('./test-fixtures/tasks/', import.meta.url)),
    fixedValues: localFixedValues(),
    waitTimeOverrides: { WaitForResource: 0 },
    logger: { info: () => undefined, error: () => undefined },
    reconcile: async () => undefined,
  });
  await orchestrator.start('protect', 'protect-c1', { project_id: 'p1', checkpoint_id: 'c1' });
  return { ended: await orchestrator.waitFor('protect-c1'), upload };
};

describe('protect.asl.json with a 6-hour upload', () => {
  it('ends with the resource available: AdvanceResource polls inside each invocation', async () => {
    const { ended, upload } = await protectLongUpload(true);
    expect(ended.outcome).toEqual({ status: 'SUCCEEDED', output: { status: 'available' } });
    expect(upload.elapsedHours()).toBeGreaterThanOrEqual(6);
  });

  it('breaks the history limit when every 3 s poll is a round trip through the state machine', async () => {
    const { ended, upload } = await protectLongUpload(false);
    expect(ended.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(upload.elapsedHours()).toBeLessThan(3);
  }, 60_000);
});
