import { logger } from '../lib/observability/powertools.js';
import type { Orchestrator } from '../lib/workflows/orchestrator.js';

/**
 * Local mode's stand-in for the daily EventBridge schedule of the gc workflow: a timer that
 * starts `gc` every day at `hourUtc`:30 UTC, the time infra/ schedules it. `npm run gc` starts
 * one run at once (local/run-gc.ts).
 */

const dayMs = 86_400_000;

/** The next `hourUtc`:30 UTC strictly after `now`. */
export const nextDailyRun = (now: Date, hourUtc: number): Date => {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc, 30));
  return next.getTime() > now.getTime() ? next : new Date(next.getTime() + dayMs);
};

export const gcExecutionName = (at: Date): string => `gc-${at.toISOString().replace(/[:.]/g, '-')}`;

export class LocalDailyGc {
  readonly #orchestrator: Orchestrator;
  readonly #hourUtc: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(orchestrator: Orchestrator, hourUtc = 3) {
    this.#orchestrator = orchestrator;
    this.#hourUtc = hourUtc;
  }

  /** Arms the timer for the next run; returns when that is. */
  start(now = new Date()): Date {
    const at = nextDailyRun(now, this.#hourUtc);
    this.#timer = setTimeout(() => void this.#fire(at), at.getTime() - now.getTime());
    this.#timer.unref();
    return at;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #fire(at: Date): Promise<void> {
    try {
      await this.#orchestrator.start('gc', gcExecutionName(at), {});
    } catch (error) {
      logger.error('the daily gc could not start', { error });
    } finally {
      this.start(new Date(Math.max(Date.now(), at.getTime() + 1)));
    }
  }
}
