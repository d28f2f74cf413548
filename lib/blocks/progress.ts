import type { Writable } from 'node:stream';

/**
 * One progress model for every mover operation (restic ui/backup/progress.go). Counters are
 * logical bytes of the resource unless named otherwise.
 */
interface ProgressSnapshot {
  readonly operation: 'backup' | 'restore' | 'verify' | 'gc';
  readonly checkpointId: string | null;
  readonly resourceId: string | null;
  readonly phase: 'running' | 'done' | 'failed' | 'interrupted';
  readonly bytesTotal: number;
  /** bytes read from the source (backup) or written to the target (restore) */
  readonly bytesRead: number;
  /** encoded bytes sent to the store (backup) or fetched from it (restore, verify) */
  readonly bytesStored: number;
  /** bytes not read or not uploaded: zero blocks, unchanged blocks, dedup hits, resumed blocks */
  readonly bytesSkipped: number;
  readonly blocksTotal: number;
  readonly blocksDone: number;
  /** logical bytes finished per second since the start */
  readonly bytesPerSecond: number;
  readonly elapsedSeconds: number;
  /** store requests retried after throttling or network errors */
  readonly retries: number;
}

/**
 * Where progress goes. `report` is called at most once per tracker interval while work runs
 * and once more with the final phase; it must not throw (a failing sink must not fail a
 * backup) and may be async — the tracker never has two reports outstanding, so a slow sink
 * (e.g. a DynamoDB Bank writer doing a conditional UpdateItem on the checkpoint) sees reports
 * dropped, never queued.
 */
interface ProgressSink {
  report(snapshot: ProgressSnapshot): void | Promise<void>;
}

interface ProgressDelta {
  readonly read?: number;
  readonly stored?: number;
  readonly skipped?: number;
  readonly blocks?: number;
  readonly logical?: number;
}

interface TrackerOptions {
  readonly operation: ProgressSnapshot['operation'];
  readonly checkpointId?: string | null;
  readonly resourceId?: string | null;
  readonly bytesTotal: number;
  readonly blocksTotal: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** Counts progress and hands snapshots to the sinks at a bounded rate. */
class ProgressTracker {
  readonly #sinks: readonly ProgressSink[];
  readonly #options: TrackerOptions;
  readonly #now: () => number;
  readonly #started: number;
  readonly #intervalMs: number;
  #lastReport = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<void> | undefined;
  #read = 0;
  #stored = 0;
  #skipped = 0;
  #blocks = 0;
  #logical = 0;
  #retries = 0;

  constructor(sinks: readonly ProgressSink[], options: TrackerOptions) {
    this.#sinks = sinks;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#intervalMs = options.intervalMs ?? 2000;
  }

  add(delta: ProgressDelta): void {
    this.#read += delta.read ?? 0;
    this.#stored += delta.stored ?? 0;
    this.#skipped += delta.skipped ?? 0;
    this.#blocks += delta.blocks ?? 0;
    this.#logical += delta.logical ?? 0;
    this.#maybeReport();
  }

  retried(): void {
    this.#retries++;
  }

  snapshot(phase: ProgressSnapshot['phase'] = 'running'): ProgressSnapshot {
    const elapsedSeconds = Math.max(0, (this.#now() - this.#started) / 1000);
    return {
      operation: this.#options.operation,
      checkpointId: this.#options.checkpointId ?? null,
      resourceId: this.#options.resourceId ?? null,
      phase,
      bytesTotal: this.#options.bytesTotal,
      bytesRead: this.#read,
      bytesStored: this.#stored,
      bytesSkipped: this.#skipped,
      blocksTotal: this.#options.blocksTotal,
      blocksDone: this.#blocks,
      bytesPerSecond: elapsedSeconds > 0 ? Math.round(this.#logical / elapsedSeconds) : 0,
      elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
      retries: this.#retries,
    };
  }

  #maybeReport(): void {
    const now = this.#now();
    if (this.#inFlight !== undefined || now - this.#lastReport < this.#intervalMs) return;
    this.#lastReport = now;
    this.#inFlight = this.#deliver(this.snapshot('running')).finally(() => {
      this.#inFlight = undefined;
    });
  }

  async #deliver(snapshot: ProgressSnapshot): Promise<void> {
    await Promise.all(
      this.#sinks.map(async (sink) => {
        try {
          await sink.report(snapshot);
        } catch {
          // a sink that fails loses its report; the operation goes on (see ProgressSink)
        }
      }),
    );
  }

  /** Waits for an outstanding report, then delivers the final one. */
  async finish(phase: Exclude<ProgressSnapshot['phase'], 'running'>): Promise<ProgressSnapshot> {
    await this.#inFlight;
    const final = this.snapshot(phase);
    await this.#deliver(final);
    return final;
  }
}

/** One JSON object per line, `{"progress": {...}}` (local mode, logs, the launcher's parser). */
class JsonLinesProgressSink implements ProgressSink {
  readonly #out: Writable;
  constructor(out: Writable) {
    this.#out = out;
  }
  report(snapshot: ProgressSnapshot): void {
    this.#out.write(`${JSON.stringify({ progress: snapshot })}\n`);
  }
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** A one-line bar redrawn in place, for a person watching a terminal. */
class TtyProgressSink implements ProgressSink {
  readonly #out: Writable;
  readonly #width: number;
  constructor(out: Writable, width = 30) {
    this.#out = out;
    this.#width = width;
  }
  report(s: ProgressSnapshot): void {
    const fraction = s.blocksTotal > 0 ? s.blocksDone / s.blocksTotal : 1;
    const filled = Math.round(fraction * this.#width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(this.#width - filled)}`;
    const line =
      `${s.operation} [${bar}] ${(fraction * 100).toFixed(1)}% ${s.blocksDone}/${s.blocksTotal} blocks, ` +
      `read ${mib(s.bytesRead)}, stored ${mib(s.bytesStored)}, skipped ${mib(s.bytesSkipped)}, ` +
      `${mib(s.bytesPerSecond)}/s`;
    this.#out.write(`\r\x1b[2K${line}${s.phase === 'running' ? '' : ` ${s.phase}\n`}`);
  }
}

export type { ProgressDelta, ProgressSink, ProgressSnapshot, TrackerOptions };
export { JsonLinesProgressSink, ProgressTracker, TtyProgressSink };
