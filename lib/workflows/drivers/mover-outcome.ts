import type { MoverOutcome } from './driver.js';

/**
 * What a failed `RunMover` state hands back, read the same way on both runtimes. On AWS the
 * Cause of a failed `ecs:runTask.sync` is the ECS task description: the mover's exit code is
 * in `Containers[].ExitCode`, `StoppedReason` is the generic "Essential container in task
 * exited", and there is no stderr (that goes to CloudWatch). Local mode adds `Stderr`.
 */

/** The mover's exit codes (docs/mover.md) and what each tells the user. */
export const moverExitMeanings: Readonly<Record<number, string>> = {
  1: 'source, target or store error (the mover log has the details)',
  2: 'invalid job: retrying cannot help',
  3: 'verify found missing or corrupt blocks',
  4: 'interrupted before it finished: rerun to resume',
};

/** The mover's exit code, stopped and resumable: the task was stopped (SIGTERM) and drained. */
export const interruptedExitCode = 4;

interface EcsTaskCause {
  readonly Containers?: readonly {
    readonly Name?: string;
    readonly ExitCode?: number;
    readonly Reason?: string;
  }[];
  readonly StoppedReason?: string;
  readonly Stderr?: string;
  readonly errorMessage?: string;
}

const causeOf = (outcome: MoverOutcome): EcsTaskCause | undefined => {
  if (!('Error' in outcome) || !outcome.Cause) return undefined;
  try {
    const parsed: unknown = JSON.parse(outcome.Cause);
    return typeof parsed === 'object' && parsed !== null ? (parsed as EcsTaskCause) : undefined;
  } catch {
    return undefined;
  }
};

/** The exit code of the mover container, when the failure was the mover's own exit. */
export const moverExitCode = (outcome: MoverOutcome): number | undefined => {
  const containers = causeOf(outcome)?.Containers ?? [];
  const exitCode = containers.find((c) => typeof c.ExitCode === 'number')?.ExitCode;
  return exitCode === undefined || exitCode === 0 ? undefined : exitCode;
};

const exitDescription = (exitCode: number): string => {
  const meaning = moverExitMeanings[exitCode];
  return meaning ? `exit ${exitCode}, ${meaning}` : `exit ${exitCode}`;
};

/** Why the mover failed, for the resource's `reason`: exit code and meaning first, then any detail. */
export const moverFailureReason = (outcome: MoverOutcome): string => {
  if (!('Error' in outcome)) return '';
  const cause = causeOf(outcome);
  if (cause === undefined) return outcome.Cause || outcome.Error;
  const exitCode = moverExitCode(outcome);
  const detail = cause.Stderr?.trim().split('\n').at(-1) ?? cause.errorMessage;
  const containerReason = cause.Containers?.find((c) => c.Reason)?.Reason;
  const parts =
    exitCode === undefined
      ? [cause.StoppedReason, containerReason, detail]
      : [exitDescription(exitCode), detail];
  return parts.filter(Boolean).join(': ') || outcome.Error;
};
