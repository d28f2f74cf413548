import type { StateMachine } from 'aws-local-stepfunctions';

/** One event of the runner's event log (the package does not export the type). */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/**
 * Step Functions' quotas on one Standard execution, checked on the runner's event log so a
 * workflow that would fail on AWS fails locally too:
 *
 * - at most 25,000 events in the execution's history, counted as Step Functions writes them
 *   (a Task state is Entered, Scheduled, Started, Succeeded, Exited: 5; a Choice, Wait or Pass
 *   2; a Map 4 plus 2 per iteration; a retried attempt 3 more);
 * - at most 256 KiB in a state's input or output (`States.DataLimitExceeded`, which a
 *   `States.ALL` Catch does not catch: the execution fails).
 *
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */

export const maxHistoryEvents = 25_000;
export const maxPayloadBytes = 256 * 1024;

export interface ExecutionLimits {
  readonly historyEvents: number;
  readonly payloadBytes: number;
}

export const awsExecutionLimits: ExecutionLimits = {
  historyEvents: maxHistoryEvents,
  payloadBytes: maxPayloadBytes,
};

/** Why an execution broke a limit, in the error and cause AWS reports. */
export interface LimitExceeded {
  readonly error: string;
  readonly cause: string;
}

/** History events Step Functions writes besides the state's own Entered and Exited. */
const extraOnEnter: Readonly<Record<string, number>> = { Task: 2, Map: 1, Parallel: 1 };
const extraOnExit: Readonly<Record<string, number>> = { Task: 1, Map: 1, Parallel: 1 };

/** The history events one runner event stands for. */
export const historyEventsOf = (event: EventLog): number => {
  switch (event.type) {
    case 'StateEntered':
      return 1 + (extraOnEnter[event.state.type] ?? 0);
    case 'StateExited':
      return 1 + (extraOnExit[event.state.type] ?? 0);
    case 'StateRetried':
      return 3; // the attempt's TaskFailed, then the next TaskScheduled and TaskStarted
    case 'StateFailed':
      return 1;
    case 'StateCaught':
      return 0; // the failed attempt's TaskFailed was counted by StateFailed
    default:
      return 1; // ExecutionStarted/Succeeded/Failed, MapIteration*, ParallelBranch*
  }
};

const payloadBytes = (value: unknown): number =>
  value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');

const oversizedPayload = (event: EventLog, limit: number): LimitExceeded | undefined => {
  if (event.type !== 'StateEntered' && event.type !== 'StateExited') return undefined;
  const [what, value] =
    event.type === 'StateEntered' ? ['input', event.state.input] : ['output', event.state.output];
  const bytes = payloadBytes(value);
  if (bytes <= limit) return undefined;
  return {
    error: 'States.DataLimitExceeded',
    cause: `The state/task '${event.state.name}' returned a result with a size exceeding the maximum number of bytes service limit (${what} is ${bytes} bytes, the limit ${limit}).`,
  };
};

/** Counts an execution's history and watches its payloads; the first limit broken is kept. */
export class ExecutionLimitWatch {
  readonly #limits: ExecutionLimits;
  #events = 0;
  #exceeded: LimitExceeded | undefined;

  constructor(limits: ExecutionLimits = awsExecutionLimits) {
    this.#limits = limits;
  }

  get historyEvents(): number {
    return this.#events;
  }

  get exceeded(): LimitExceeded | undefined {
    return this.#exceeded;
  }

  /** Records one event; answers the limit it broke, if it is the first to break one. */
  record(event: EventLog): LimitExceeded | undefined {
    if (this.#exceeded) return undefined;
    this.#events += historyEventsOf(event);
    this.#exceeded =
      oversizedPayload(event, this.#limits.payloadBytes) ??
      (this.#events > this.#limits.historyEvents
        ? {
            error: 'States.Runtime',
            cause: `The execution reached the maximum number of history events (${this.#limits.historyEvents}).`,
          }
        : undefined);
    return this.#exceeded;
  }

  /** Follows an execution's event log, calling `stop` at the first limit it breaks. */
  async follow(events: AsyncGenerator<EventLog>, stop: () => void): Promise<void> {
    for await (const event of events) if (this.record(event)) stop();
  }
}
