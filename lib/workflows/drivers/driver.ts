import type { JobSpec } from '../../blocks/job-spec.js';
import type { KeystoneSession } from '../../openstack/session.js';
import type { ResourceRun, Temporary } from '../runs/resource-runs.js';
import type { WorkflowContext } from '../workflow-context.js';

/**
 * A resource driver moves one resource through a workflow as a small state machine in code:
 * named steps, each of which does one idempotent thing and says what comes next. The ASL file
 * only loops: Advance → (Wait | RunMover) → Advance … until the driver says `done`. Keeping
 * per-type logic here keeps the state-machine files short and identical across workflows, and
 * lets each step be tested without Step Functions.
 */

/** What the state machine's RunMover state reported back: `{ok: true}` or Step Functions' error. */
export type MoverOutcome = { readonly ok: true } | { readonly Error: string; readonly Cause?: string };

export interface StepContext {
  readonly run: ResourceRun;
  readonly workflow: WorkflowContext;
  readonly store: string;
  readonly now: () => Date;
  /** OpenStack, acting in the run's project (or the restore target) */
  session(): Promise<KeystoneSession>;
}

export type StepOutcome =
  /** go on to `step` at once; `data` is merged into the run's data, `temporaries` appended */
  | {
      readonly kind: 'goto';
      readonly step: string;
      readonly data?: Readonly<Record<string, unknown>>;
      readonly temporaries?: readonly Temporary[];
      /** replaces the run's temporaries (a driver keeping one, e.g. the newest snapshot) */
      readonly keepOnly?: readonly Temporary[];
      /** how long `step` may keep answering `wait` (default: waitTimeoutSeconds) */
      readonly timeoutSeconds?: number;
    }
  /** check again after `seconds`, unless the step's deadline has passed */
  | { readonly kind: 'wait'; readonly seconds: number; readonly what: string }
  /** run the mover with `job`, then continue at step `after` */
  | {
      readonly kind: 'mover';
      readonly job: JobSpec;
      readonly after: string;
      readonly timeoutSeconds?: number;
    }
  /** the resource is finished: `result` is recorded and every temporary left is deleted */
  | {
      readonly kind: 'done';
      readonly result: Readonly<Record<string, unknown>>;
      readonly data?: Readonly<Record<string, unknown>>;
    };

export type Step = (context: StepContext) => Promise<StepOutcome>;

export interface ResourceDriver {
  readonly firstStep: string;
  readonly steps: Readonly<Record<string, Step>>;
}

/** A wait gives up after an hour unless its step says otherwise. */
export const waitTimeoutSeconds = 3600;

export const goto = (
  step: string,
  extra: Omit<Extract<StepOutcome, { kind: 'goto' }>, 'kind' | 'step'> = {},
): StepOutcome => ({ kind: 'goto', step, ...extra });

export const wait = (what: string, seconds = 2): StepOutcome => ({ kind: 'wait', seconds, what });

export const runMover = (job: JobSpec, after: string): StepOutcome => ({ kind: 'mover', job, after });

export const done = (result: Readonly<Record<string, unknown>>): StepOutcome => ({ kind: 'done', result });

/** A step's driver state value, which an earlier step must have set. */
export const dataOf = <T = string>(run: ResourceRun, name: string): T => {
  const value = run.data[name];
  if (value === undefined) throw new DriverStateError(`${run.resource_key}: step ${run.step} needs ${name}`);
  return value as T;
};

export class DriverStateError extends Error {
  override name = 'DriverStateError';
}

/** A wait outlived its step's deadline. */
export class StepTimedOut extends Error {
  override name = 'StepTimedOut';
}

/** The mover task ended without success; its cause is the reason. */
export class MoverFailed extends Error {
  override name = 'MoverFailed';
}

/** The resource cannot be handled as asked (unsupported type, missing saved data, …). */
export class ResourceFailed extends Error {
  override name = 'ResourceFailed';
}
