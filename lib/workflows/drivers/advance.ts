import type { JobSpec } from '../../blocks/job-spec.js';
import type { KeystoneSession } from '../../openstack/session.js';
import type { ResourceRef, ResourceRun, ResourceRunRepository } from '../runs/resource-runs.js';
import { type StatesError, taskFailureReason } from '../states-error.js';
import type { WorkflowContext } from '../workflow-context.js';
import {
  DriverStateError,
  MoverFailed,
  type MoverOutcome,
  type ResourceDriver,
  type StepContext,
  StepTimedOut,
  waitTimeoutSeconds,
} from './driver.js';
import { interruptedExitCode, moverExitCode, moverFailureReason } from './mover-outcome.js';
import { deleteTemporaries, describeCleanupFailures } from './temporaries.js';

/**
 * Runs a resource's driver from its current step until the driver has to wait, needs the
 * mover, or is done; every step's outcome is written to the Bank before the next step runs.
 * This is the body of the `advance-resource` task; `failResource` is its Catch path.
 */

export interface AdvanceInput {
  readonly context: WorkflowContext;
  readonly resource: ResourceRef;
  readonly mover?: MoverOutcome | null;
}

/** What the state machine's Choice reads; every field is always present (JSONPath needs them). */
export interface AdvanceOutput {
  readonly next: 'wait' | 'mover' | 'done';
  readonly seconds: number;
  readonly command: readonly string[];
}

export interface AdvanceDependencies {
  readonly runs: Pick<ResourceRunRepository, 'begin' | 'update'>;
  readonly driverFor: (context: WorkflowContext, resource: ResourceRef) => ResourceDriver;
  readonly session: (context: WorkflowContext) => Promise<KeystoneSession>;
  readonly store: string;
  readonly now: () => Date;
  readonly submitJob: (store: string, run: ResourceRun, job: JobSpec) => Promise<string[]>;
  readonly removeJob: (store: string, run: ResourceRun) => Promise<void>;
  /** Pauses between two polls of a waiting step inside one invocation. */
  readonly sleep: (seconds: number) => Promise<void>;
  /** Seconds this invocation may still spend polling (the Lambda's remaining time less a margin). */
  readonly invocationSecondsLeft: () => number;
}

/** A driver that keeps going to new steps without waiting is a bug; stop it. */
const maxStepsPerInvocation = 25;

/**
 * A waiting step is polled inside the invocation, the interval growing by `pollBackoff` up to
 * `maxPollSeconds`, until the invocation's time runs out; only then does the state machine's
 * Wait state take over. Every Advance → Choice → Wait round trip writes 9 events into the
 * execution's history (25,000 at most), so it must stand for minutes of polling, not seconds.
 */
export const maxPollSeconds = 30;
const pollBackoff = 1.5;

export const pollInterval = (driverSeconds: number, pollsSoFar: number): number =>
  Math.min(maxPollSeconds, Math.max(1, Math.round(driverSeconds * pollBackoff ** pollsSoFar)));

const deadlineAfter = (now: Date, seconds: number): string =>
  new Date(now.getTime() + seconds * 1000).toISOString();

const finished: AdvanceOutput = { next: 'done', seconds: 0, command: [] };

/**
 * A mover stopped by the platform (Fargate retirement or maintenance: SIGTERM, drained, exit 4)
 * is started again on the same job, which resumes from its journal, this many times before the
 * resource fails.
 */
export const maxMoverResumes = 3;

const storedCommand = (run: ResourceRun): string[] | undefined =>
  Array.isArray(run.data.mover_command) ? run.data.mover_command.map(String) : undefined;

/** The same mover command again, when the mover was interrupted and may still resume. */
const resumeInterruptedMover = async (
  run: ResourceRun,
  mover: MoverOutcome | null | undefined,
  deps: AdvanceDependencies,
): Promise<AdvanceOutput | undefined> => {
  const command = storedCommand(run);
  const resumes = typeof run.data.mover_resumes === 'number' ? run.data.mover_resumes : 0;
  if (!mover || moverExitCode(mover) !== interruptedExitCode || !command || resumes >= maxMoverResumes)
    return undefined;
  await deps.runs.update(run, { data: { ...run.data, mover_resumes: resumes + 1 } });
  return { next: 'mover', seconds: 0, command };
};

const moverFailure = (run: ResourceRun, mover: MoverOutcome): MoverFailed => {
  const resumes = typeof run.data.mover_resumes === 'number' ? run.data.mover_resumes : 0;
  const resumed = resumes > 0 ? ` (after ${resumes} resume${resumes === 1 ? '' : 's'})` : '';
  return new MoverFailed(`the mover failed: ${moverFailureReason(mover)}${resumed}`);
};

export const advanceResource = async (
  input: AdvanceInput,
  deps: AdvanceDependencies,
): Promise<AdvanceOutput> => {
  const { context, resource } = input;
  const driver = deps.driverFor(context, resource);
  let run = await deps.runs.begin(
    context.project_id,
    context.run_id,
    context.kind,
    resource,
    driver.firstStep,
    deps.now(),
  );
  if (run.status !== 'running') return finished;
  if (run.data.awaiting_mover === true) {
    const resumed = await resumeInterruptedMover(run, input.mover, deps);
    if (resumed) return resumed;
    await deps.removeJob(deps.store, run);
    if (input.mover && 'Error' in input.mover) throw moverFailure(run, input.mover);
    run = await deps.runs.update(run, { data: { ...run.data, awaiting_mover: false } });
  }
  let session: Promise<KeystoneSession> | undefined;
  const stepContext = (current: ResourceRun): StepContext => ({
    run: current,
    workflow: context,
    store: deps.store,
    now: deps.now,
    session: () => {
      session ??= deps.session(context);
      return session;
    },
  });

  let polls = 0;
  for (let count = 0; count < maxStepsPerInvocation; ) {
    const step = driver.steps[run.step];
    if (!step) throw new DriverStateError(`${resource.type} driver has no step ${run.step}`);
    const outcome = await step(stepContext(run));
    const now = deps.now();
    switch (outcome.kind) {
      case 'goto':
        count++;
        polls = 0;
        run = await deps.runs.update(run, {
          step: outcome.step,
          step_deadline: deadlineAfter(now, outcome.timeoutSeconds ?? waitTimeoutSeconds),
          data: { ...run.data, ...outcome.data },
          temporaries: outcome.keepOnly ?? [...run.temporaries, ...(outcome.temporaries ?? [])],
        });
        break;
      case 'wait': {
        if (run.step_deadline !== undefined && now.toISOString() > run.step_deadline)
          throw new StepTimedOut(`${outcome.what} did not finish before ${run.step_deadline}`);
        const seconds = pollInterval(outcome.seconds, polls++);
        if (seconds > deps.invocationSecondsLeft()) return { next: 'wait', seconds, command: [] };
        await deps.sleep(seconds);
        break;
      }
      case 'mover': {
        const command = await deps.submitJob(deps.store, run, outcome.job);
        await deps.runs.update(run, {
          step: outcome.after,
          step_deadline: deadlineAfter(now, outcome.timeoutSeconds ?? 86_400),
          data: { ...run.data, awaiting_mover: true, mover_command: command, mover_resumes: 0 },
        });
        return { next: 'mover', seconds: 0, command };
      }
      case 'done': {
        const failures = run.temporaries.length
          ? await deleteTemporaries(await stepContext(run).session(), run.temporaries)
          : [];
        await deps.runs.update(run, {
          status: failures.length ? 'error' : 'available',
          result: outcome.result,
          data: { ...run.data, ...outcome.data },
          temporaries: failures.map((f) => f.temporary),
          ...(failures.length ? { reason: describeCleanupFailures(failures) } : {}),
        });
        return finished;
      }
    }
  }
  throw new DriverStateError(`${resource.type} driver took ${maxStepsPerInvocation} steps without waiting`);
};

export interface FailInput {
  readonly context: WorkflowContext;
  readonly resource: ResourceRef;
  readonly error: StatesError;
}

/** The Catch path: delete the run's temporaries and record the resource as `error`. */
export const failResource = async (
  input: FailInput,
  deps: Pick<AdvanceDependencies, 'runs' | 'session' | 'now' | 'store' | 'removeJob'>,
): Promise<{ status: 'error' }> => {
  const { context, resource } = input;
  const run = await deps.runs.begin(
    context.project_id,
    context.run_id,
    context.kind,
    resource,
    'failed',
    deps.now(),
  );
  const reason = taskFailureReason(input.error);
  let cleanup = '';
  if (run.temporaries.length > 0) {
    try {
      const failures = await deleteTemporaries(await deps.session(context), run.temporaries);
      cleanup = describeCleanupFailures(failures);
      await deps.runs.update(run, { temporaries: failures.map((f) => f.temporary) });
    } catch (error) {
      cleanup = `temporaries not deleted: ${(error as Error).message}`;
    }
  }
  await deps.removeJob(deps.store, run).catch(() => undefined);
  await deps.runs.update(run, {
    status: 'error',
    reason: cleanup ? `${reason}; ${cleanup}` : reason,
  });
  return { status: 'error' };
};
