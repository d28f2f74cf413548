import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../blocks/job-spec.js';
import type { KeystoneSession } from '../../openstack/session.js';
import type { ResourceRun } from '../runs/resource-runs.js';
import type { WorkflowContext } from '../workflow-context.js';
import { type AdvanceDependencies, type AdvanceOutput, advanceResource, maxMoverResumes } from './advance.js';
import { done, MoverFailed, type MoverOutcome, type ResourceDriver, runMover, wait } from './driver.js';

const context: WorkflowContext = {
  kind: 'protect',
  project_id: 'p1',
  provider_id: 'prov',
  checkpoint_id: 'cp1',
  run_id: 'cp1',
  operation_log_id: null,
  started_at: '2026-01-01T00:00:00Z',
};
const resource = { type: 'OS::Glance::Image', id: 'img-1', name: 'img' };
const job = { operation: 'backup' } as unknown as JobSpec;

/** A Bank of one resource run and a clock that only moves when the task sleeps. */
const harness = (driver: ResourceDriver, invocationSeconds = 0) => {
  let run: ResourceRun | undefined;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let invocationEnds = 0;
  const submitted: string[][] = [];
  const removed: string[] = [];
  const deps: AdvanceDependencies = {
    runs: {
      begin: async (project, runId, kind, ref, firstStep, now) => {
        run ??= {
          project_id: project,
          run_id: runId,
          kind,
          resource_key: `${ref.type}#${ref.id}`,
          resource: ref,
          status: 'running',
          step: firstStep,
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
    submitJob: async (_store, _run, spec) => {
      const command = [spec.operation, '--job-key', `job-${submitted.length}`];
      submitted.push(command);
      return command;
    },
    removeJob: async (_store, current) => {
      removed.push(current.resource_key);
    },
    sleep: async (seconds) => {
      clock += seconds * 1000;
    },
    invocationSecondsLeft: () => (invocationEnds - clock) / 1000,
  };
  const advance = (mover?: MoverOutcome): Promise<AdvanceOutput> => {
    invocationEnds = clock + invocationSeconds * 1000;
    return advanceResource({ context, resource, mover: mover ?? { ok: true } }, deps);
  };
  return {
    advance,
    submitted,
    removed,
    run: () => run as ResourceRun,
    elapse: (seconds: number) => {
      clock += seconds * 1000;
    },
    elapsed: () => (clock - Date.parse('2026-01-01T00:00:00Z')) / 1000,
  };
};

const moverDriver: ResourceDriver = {
  firstStep: 'move',
  steps: { move: async () => runMover(job, 'finish'), finish: async () => done({ ok: true }) },
};

/** The Cause of a failed `ecs:runTask.sync` as AWS writes it: the task description, no stderr. */
const ecsFailure = (exitCode: number): MoverOutcome => ({
  Error: 'States.TaskFailed',
  Cause: JSON.stringify({
    Attachments: [],
    Containers: [
      { ContainerArn: 'arn:aws:ecs:…:container/x', ExitCode: exitCode, LastStatus: 'STOPPED', Name: 'mover' },
    ],
    DesiredStatus: 'STOPPED',
    LastStatus: 'STOPPED',
    StopCode: 'EssentialContainerExited',
    StoppedReason: 'Essential container in task exited',
    TaskArn: 'arn:aws:ecs:us-east-1:000000000000:task/karbor/abc',
  }),
});

describe('advanceResource and the mover', () => {
  it.each([
    [2, 'exit 2, invalid job'],
    [3, 'exit 3, verify found missing or corrupt blocks'],
    [1, 'exit 1, source, target or store error'],
  ])('reads exit code %i from the ECS task description', async (exitCode, reason) => {
    const h = harness(moverDriver);
    expect((await h.advance()).next).toBe('mover');
    const failed = h.advance(ecsFailure(exitCode));
    await expect(failed).rejects.toThrow(MoverFailed);
    await expect(failed).rejects.toThrow(reason);
    expect(h.removed).toHaveLength(1);
  });

  it('starts the same job again when the task was stopped (exit 4), without removing it', async () => {
    const h = harness(moverDriver);
    const first = await h.advance();
    const again = await h.advance(ecsFailure(4));
    expect(again).toEqual({ next: 'mover', seconds: 0, command: first.command });
    expect(h.submitted).toHaveLength(1);
    expect(h.removed).toEqual([]);
    expect(await h.advance({ ok: true })).toEqual({ next: 'done', seconds: 0, command: [] });
    expect(h.run().status).toBe('available');
  });

  it(`fails the resource after ${maxMoverResumes} resumes that were all interrupted`, async () => {
    const h = harness(moverDriver);
    await h.advance();
    for (let i = 0; i < maxMoverResumes; i++) expect((await h.advance(ecsFailure(4))).next).toBe('mover');
    await expect(h.advance(ecsFailure(4))).rejects.toThrow(
      `exit 4, interrupted before it finished: rerun to resume (after ${maxMoverResumes} resumes)`,
    );
  });
});

describe('advanceResource and waiting steps', () => {
  const uploadTakes = (seconds: number, startedAt: () => number): ResourceDriver => ({
    firstStep: 'upload',
    steps: {
      upload: async ({ now }) =>
        now().getTime() - startedAt() >= seconds * 1000 ? done({}) : wait('upload', 3),
    },
  });

  it('polls inside the invocation, backing off, while the invocation has time', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const h = harness(
      uploadTakes(600, () => start),
      255,
    );
    const first = await h.advance();
    expect(first.next).toBe('wait');
    expect(first.seconds).toBeGreaterThan(3);
    expect(h.elapsed()).toBeGreaterThan(200);
  });

  it('hands a 6-hour upload to the state machine in a few hundred round trips, not thousands', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const h = harness(
      uploadTakes(6 * 3600, () => start),
      255,
    );
    let roundTrips = 0;
    for (let step = await h.advance(); step.next === 'wait'; step = await h.advance()) {
      roundTrips++;
      h.elapse(step.seconds);
    }
    expect(h.run().status).toBe('available');
    // 9 history events per Advance → Choice → Wait round trip; 25,000 in all
    expect(roundTrips * 9).toBeLessThan(2_500);
  });

  it('returns at once when the invocation has no time to poll (the driver answers wait)', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const h = harness(
      uploadTakes(600, () => start),
      0,
    );
    expect(await h.advance()).toEqual({ next: 'wait', seconds: 3, command: [] });
    expect(h.elapsed()).toBe(0);
  });
});
