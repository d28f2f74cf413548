import type { Bank } from '../lib/bank/bank.js';
import type { ScheduledOperationRecord, TriggerRecord } from '../lib/bank/records.js';
import { logger } from '../lib/observability/powertools.js';
import { nextOccurrence, scheduleFromProperties } from '../lib/schedules/index.js';
import {
  type OperationScheduler,
  type ScheduledOperationRef,
  scheduledRunInput,
  workflowOfOperation,
} from '../lib/workflows/operation-scheduler.js';
import type { Orchestrator } from '../lib/workflows/orchestrator.js';

/**
 * The in-process stand-in for EventBridge Scheduler: one timer per scheduled operation at its
 * trigger's next occurrence, computed by the same code (lib/schedules). A fired operation
 * starts the same workflow with the same input as the AWS schedule does; that run's first step
 * decides whether it runs (window, operation engine disabled, plan suspended), as on AWS.
 * The timer re-arms itself as it fires, and `occurrenceFired` from the run arms the same.
 */

/** One pending timer per key; local mode uses real timers, tests a hand-driven clock. */
export interface SchedulerTimers {
  set(key: string, at: Date, fire: () => Promise<void>): void;
  clear(key: string): void;
}

const maxTimerMs = 2 ** 31 - 1;

/** setTimeout, chained past its 24.8-day limit; timers never keep the process alive. */
export const processTimers = (): SchedulerTimers => {
  const timers = new Map<string, NodeJS.Timeout>();
  const set = (key: string, at: Date, fire: () => Promise<void>): void => {
    clearTimeout(timers.get(key));
    const delay = at.getTime() - Date.now();
    const timer = setTimeout(
      () => (delay > maxTimerMs ? set(key, at, fire) : void fire()),
      Math.min(Math.max(delay, 0), maxTimerMs),
    );
    timer.unref();
    timers.set(key, timer);
  };
  return {
    set,
    clear: (key) => {
      clearTimeout(timers.get(key));
      timers.delete(key);
    },
  };
};

export class LocalOperationScheduler implements OperationScheduler {
  readonly #orchestrator: () => Orchestrator;
  readonly #bank: () => Bank;
  readonly #now: () => Date;
  readonly #timers: SchedulerTimers;
  readonly #armed = new Set<string>();

  constructor(
    orchestrator: () => Orchestrator,
    bank: () => Bank,
    options: { now?: () => Date; timers?: SchedulerTimers } = {},
  ) {
    this.#orchestrator = orchestrator;
    this.#bank = bank;
    this.#now = options.now ?? (() => new Date());
    this.#timers = options.timers ?? processTimers();
  }

  arm(operation: ScheduledOperationRecord, trigger: TriggerRecord): Promise<void> {
    return this.occurrenceFired(operation, trigger, this.#now());
  }

  async occurrenceFired(
    operation: ScheduledOperationRecord,
    trigger: TriggerRecord,
    after: Date,
  ): Promise<void> {
    const now = this.#now();
    const next = nextOccurrence(scheduleFromProperties(trigger.properties), after > now ? after : now);
    if (!next) return this.disarm(operation);
    this.#timers.set(operation.id, next, () => this.#fire(operation, trigger, next));
    this.#armed.add(operation.id);
  }

  async disarm(operation: ScheduledOperationRef): Promise<void> {
    this.#timers.clear(operation.id);
    this.#armed.delete(operation.id);
  }

  /** Re-arms every stored operation, as the operation engine restores triggers at start. */
  async restore(): Promise<number> {
    const bank = this.#bank();
    const operations = await bank.scheduledOperations.listAllProjects();
    for (const operation of operations) {
      const trigger = await bank.triggers.get(operation.project_id, operation.trigger_id);
      if (trigger) await this.arm(operation, trigger);
    }
    return operations.length;
  }

  stop(): void {
    for (const id of [...this.#armed]) void this.disarm({ id });
  }

  async #fire(operation: ScheduledOperationRecord, trigger: TriggerRecord, occurrence: Date): Promise<void> {
    try {
      const workflow = workflowOfOperation(operation.operation_type);
      const name = `${workflow}-${operation.id}-${occurrence.getTime()}`;
      await this.#orchestrator().start(workflow, name, {
        ...scheduledRunInput(operation),
        occurrence: occurrence.toISOString(),
      });
    } catch (error) {
      logger.error('scheduled operation could not start', { operationId: operation.id, error });
    } finally {
      await this.occurrenceFired(operation, trigger, occurrence);
    }
  }
}
