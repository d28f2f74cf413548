import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from './processes.js';

/**
 * Keeps an embedded service of `npm start` running: when its process dies for any reason other
 * than our own stop, it is started again (after `restartDelayMs`, doubling up to 5 s while
 * starts keep failing), with a log line for the death and for the restart.
 */

export interface SupervisorOptions {
  readonly name: string;
  /** starts the service and resolves once it answers (startProcess does both) */
  readonly start: () => Promise<ChildProcess>;
  readonly log?: (line: string) => void;
  readonly restartDelayMs?: number;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal ? `was killed by ${signal}` : `exited with code ${code}`;

const maxRestartDelayMs = 5_000;

export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #log: (line: string) => void;
  #child: ChildProcess | undefined;
  #stopping = false;
  #restarts = 0;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => console.log(line));
  }

  /** The process now running, if any (undefined while restarting). */
  get current(): ChildProcess | undefined {
    return this.#child;
  }

  /** How many times the service was started again after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** First start: fails as the service's start does, with nothing left running. */
  async start(): Promise<ChildProcess> {
    return this.#adopt(await this.#options.start());
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#child) await stopProcess(this.#child);
    this.#child = undefined;
  }

  #adopt(child: ChildProcess): ChildProcess {
    this.#child = child;
    child.once('exit', (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      if (this.#stopping) return;
      this.#log(`${this.#options.name} ${describeExit(code, signal)}; restarting it`);
      void this.#restart();
    });
    return child;
  }

  async #restart(): Promise<void> {
    let delay = this.#options.restartDelayMs ?? 500;
    while (!this.#stopping) {
      await sleep(delay);
      if (this.#stopping) return;
      try {
        const child = await this.#options.start();
        if (this.#stopping) {
          await stopProcess(child);
          return;
        }
        this.#restarts++;
        this.#adopt(child);
        this.#log(`${this.#options.name} restarted (pid ${child.pid})`);
        return;
      } catch (error) {
        this.#log(`${this.#options.name} could not restart: ${(error as Error).message}`);
        delay = Math.min(delay * 2, maxRestartDelayMs);
      }
    }
  }
}
