import type { Bank } from '../lib/bank/bank.js';
import type { ScheduledOperationRecord, TriggerRecord } from '../lib/bank/records.js';
import { logger } from '../lib/observability/powertools.js';
import { nextOccurrence, scheduleFromProperties } from '../lib/schedules/index.js';
import {
  type OperationScheduler,
  scheduledRunInput,
  workflowOfOperation,
} from '../lib/workflows/operation-scheduler.js';
import type { Orchestrator } from '../lib/workflows/orchestrator.js';

/**
 * The in-process stand-in for EventBridge Scheduler: one timer per scheduled operation at its
 * trigger's next occurrence, computed by the same code (lib/schedules). A fired operation
 * starts the same workflow with the same input as the AWS schedule does; disabling the
 * `karbor-operationengine` service skips firing.
 */

const maxTimerMs = 2 ** 31 - 1;

export class LocalOperationScheduler implements OperationScheduler {
  readonly #orchestrator: () => Orchestrator;
  readonly #bank: () => Bank;
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(orchestrator: () => Orchestrator, bank: () => Bank) {
    this.#orchestrator = orchestrator;
    this.#bank = bank;
  }

  async arm(operation: ScheduledOperationRecord, trigger: TriggerRecord, after = new Date()): Promise<void> {
    this.#clear(operation.id);
    const next = nextOccurrence(scheduleFromProperties(trigger.properties), after);
    if (!next) return;
    this.#wait(operation, trigger, next);
  }

  async disarm(operation: ScheduledOperationRecord): Promise<void> {
    this.#clear(operation.id);
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
    for (const id of [...this.#timers.keys()]) this.#clear(id);
  }

  #wait(operation: ScheduledOperationRecord, trigger: TriggerRecord, at: Date): void {
    const delay = at.getTime() - Date.now();
    const timer = setTimeout(
      () =>
        delay > maxTimerMs ? this.#wait(operation, trigger, at) : void this.#fire(operation, trigger, at),
      Math.min(Math.max(delay, 0), maxTimerMs),
    );
    timer.unref();
    this.#timers.set(operation.id, timer);
  }

  async #fire(operation: ScheduledOperationRecord, trigger: TriggerRecord, occurrence: Date): Promise<void> {
    try {
      const engine = (await this.#bank().services.list()).find((s) => s.binary === 'karbor-operationengine');
      if (engine?.status !== 'disabled') {
        const workflow = workflowOfOperation(operation.operation_type);
        const name = `${workflow}-${operation.id}-${occurrence.getTime()}`;
        await this.#orchestrator().start(workflow, name, {
          ...scheduledRunInput(operation),
          occurrence: occurrence.toISOString(),
        });
      }
    } catch (error) {
      logger.error('scheduled operation could not start', { operationId: operation.id, error });
    } finally {
      await this.arm(operation, trigger, occurrence);
    }
  }

  #clear(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
