import { availableParallelism } from 'node:os';
import type { ChunkStore } from './chunk-store.js';
import { type GcResult, runGc } from './gc.js';
import { GC_SAFETY } from './gc-safety.js';
import {
  type BackupJob,
  type BackupSourceSpec,
  DEFAULT_BLOCK_SIZE,
  type JobSpec,
  type RestoreJob,
  type VerifyJob,
} from './job-spec.js';
import { blockCountFor } from './manifest.js';
import { type OpenStoreOptions, openStore } from './open-store.js';
import { type BackupRequest, type BackupResult, InterruptedError, runBackup } from './pipeline/backup.js';
import { WorkerPool } from './pipeline/worker-pool.js';
import { type ProgressSink, type ProgressSnapshot, ProgressTracker } from './progress.js';
import { openManifest, type RestoreResult, runRestore } from './restore.js';
import type { BlockSource } from './sources/block-source.js';
import { ExportDiffSource } from './sources/export-diff-source.js';
import { FileSource } from './sources/file-source.js';
import { GlanceSource } from './sources/glance-source.js';
import type { BlockTarget } from './targets/block-target.js';
import { FileTarget } from './targets/file-target.js';
import { GlanceTarget } from './targets/glance-target.js';
import { runVerify, type VerifyResult } from './verify.js';

/** Process exit codes of the mover CLI; the workflows branch on them. */
const EXIT_CODES = Object.freeze({
  ok: 0,
  /** the operation failed: source, target or store error */
  failed: 1,
  /** the job spec is invalid; retrying the same job cannot help */
  invalidJob: 2,
  /** verify ran and found missing or corrupt blocks */
  problemsFound: 3,
  /** stopped by SIGTERM/SIGINT after draining; run the same job again to resume */
  interrupted: 4,
} as const);

type MoverStatus = 'ok' | 'failed' | 'invalid-job' | 'problems-found' | 'interrupted';

/** The one JSON line the mover prints last on stdout (and what `runJob` returns). */
interface MoverSummary {
  readonly summary: {
    readonly operation: JobSpec['operation'] | null;
    readonly status: MoverStatus;
    readonly exitCode: number;
    readonly project: string | null;
    readonly checkpointId: string | null;
    readonly resourceId: string | null;
    readonly progress: ProgressSnapshot | null;
    readonly result: BackupResult | RestoreResult | VerifyResult | GcResult | null;
    readonly error: { readonly name: string; readonly message: string; readonly causes: string[] } | null;
  };
}

interface RunJobOptions {
  readonly sinks: readonly ProgressSink[];
  readonly signal?: AbortSignal;
  /** store options (tests inject faults or an S3 client here) */
  readonly storeOptions?: OpenStoreOptions;
}

/**
 * gc retries little: a DELETE must land within half the backups' refresh settle time of the
 * HEAD that allowed it (gc-safety.ts), so its retries must not stretch over minutes
 */
const GC_RETRY_POLICY = Object.freeze({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 });

/** blocks in flight when the job does not say: memory ≈ 2 × this × block size */
const DEFAULT_BLOCKS_IN_FLIGHT = 8;

const openSource = (spec: BackupSourceSpec): Promise<BlockSource> => {
  switch (spec.type) {
    case 'file':
      return FileSource.open(spec.path);
    case 'glance':
      return GlanceSource.open(spec);
    case 'rbd':
      return ExportDiffSource.open({ rbd: spec });
    case 'export-diff':
      if (spec.path !== undefined) return ExportDiffSource.open({ path: spec.path });
      if (spec.url !== undefined)
        return ExportDiffSource.open({ url: spec.url, headers: spec.headers ?? {} });
      return ExportDiffSource.open({ stdin: true });
  }
};

const openTarget = (spec: RestoreJob['target']): BlockTarget =>
  spec.type === 'file'
    ? new FileTarget(spec.path, { assumeZeroed: spec.assumeZeroed ?? false })
    : new GlanceTarget(spec);

const errorInfo = (error: unknown): NonNullable<MoverSummary['summary']['error']> => {
  const e = error instanceof Error ? error : new Error(String(error));
  const causes: string[] = [];
  for (let c: unknown = e.cause; c !== undefined && causes.length < 5; c = (c as { cause?: unknown }).cause) {
    causes.push(c instanceof Error ? `${c.name}: ${c.message}` : String(c));
  }
  return { name: e.name, message: e.message, causes };
};

const jobSummary = (
  job: Partial<JobSpec> | undefined,
  status: MoverStatus,
  details: Pick<MoverSummary['summary'], 'progress' | 'result' | 'error'>,
): MoverSummary => {
  const exitCode = {
    ok: EXIT_CODES.ok,
    failed: EXIT_CODES.failed,
    'invalid-job': EXIT_CODES.invalidJob,
    'problems-found': EXIT_CODES.problemsFound,
    interrupted: EXIT_CODES.interrupted,
  }[status];
  const resource = job && 'resourceId' in job ? job : undefined;
  return {
    summary: {
      operation: job?.operation ?? null,
      status,
      exitCode,
      project: job?.project ?? null,
      checkpointId: resource?.checkpointId ?? null,
      resourceId: resource?.resourceId ?? null,
      ...details,
    },
  };
};

const backupTracker = (job: BackupJob, source: BlockSource, options: RunJobOptions): ProgressTracker =>
  new ProgressTracker(options.sinks, {
    operation: 'backup',
    checkpointId: job.checkpointId,
    resourceId: job.resourceId,
    bytesTotal: source.size,
    blocksTotal: blockCountFor(source.size, job.blockSize ?? DEFAULT_BLOCK_SIZE),
    intervalMs: (job.progressIntervalSeconds ?? 2) * 1000,
  });

const backupRequest = (job: BackupJob): BackupRequest => ({
  project: job.project,
  checkpointId: job.checkpointId,
  resourceId: job.resourceId,
  blockSize: job.blockSize ?? DEFAULT_BLOCK_SIZE,
  createdAt: job.createdAt ?? null,
  parent: job.parent ?? null,
  codec: job.codec ?? 'lz4',
  blocksInFlight: job.tuning?.blocksInFlight ?? DEFAULT_BLOCKS_IN_FLIGHT,
});

const resourceTracker = async (
  operation: 'restore' | 'verify',
  job: RestoreJob | VerifyJob,
  store: ChunkStore,
  options: RunJobOptions,
) => {
  const { manifest } = await openManifest(store, job);
  return new ProgressTracker(options.sinks, {
    operation,
    checkpointId: job.checkpointId,
    resourceId: job.resourceId,
    bytesTotal: manifest.header.size,
    blocksTotal: operation === 'restore' ? manifest.header.blockCount : manifest.header.stats.uniqueBlocks,
    intervalMs: (job.progressIntervalSeconds ?? 2) * 1000,
  });
};

/**
 * Runs one validated job and returns its summary; never throws for failures of the job itself
 * (they become the summary's status and error).
 */
const runJob = async (job: JobSpec, options: RunJobOptions): Promise<MoverSummary> => {
  const storeConcurrency = job.tuning?.storeConcurrency ?? 16;
  let tracker: ProgressTracker | undefined;
  const store = openStore(job.store, {
    maxInFlight: storeConcurrency,
    ...(job.operation === 'gc' ? { retryPolicy: GC_RETRY_POLICY } : {}),
    ...options.storeOptions,
    retryHooks: { ...options.storeOptions?.retryHooks, onRetry: () => tracker?.retried() },
  });
  const pool =
    job.operation === 'gc' ? undefined : new WorkerPool(job.tuning?.workers ?? availableParallelism());
  try {
    switch (job.operation) {
      case 'backup': {
        const source = await openSource(job.source);
        try {
          tracker = backupTracker(job, source, options);
          const result = await runBackup(backupRequest(job), {
            store,
            pool: pool as WorkerPool,
            source,
            progress: tracker,
            journalFlushIntervalMs: (job.tuning?.journalIntervalSeconds ?? 0.5) * 1000,
            gcSafety: GC_SAFETY[job.gcSafety ?? 'full'],
            ...(options.signal ? { signal: options.signal } : {}),
          });
          return jobSummary(job, 'ok', { progress: await tracker.finish('done'), result, error: null });
        } finally {
          await source.close();
        }
      }
      case 'restore': {
        tracker = await resourceTracker('restore', job, store, options);
        const result = await runRestore(
          {
            project: job.project,
            checkpointId: job.checkpointId,
            resourceId: job.resourceId,
            blocksInFlight: job.tuning?.blocksInFlight ?? DEFAULT_BLOCKS_IN_FLIGHT,
          },
          {
            store,
            pool: pool as WorkerPool,
            target: openTarget(job.target),
            progress: tracker,
            ...(options.signal ? { signal: options.signal } : {}),
          },
        );
        return jobSummary(job, 'ok', { progress: await tracker.finish('done'), result, error: null });
      }
      case 'verify': {
        tracker = await resourceTracker('verify', job, store, options);
        const result = await runVerify(
          {
            project: job.project,
            checkpointId: job.checkpointId,
            resourceId: job.resourceId,
            sampleFraction: job.sampleFraction ?? 1,
            seed: job.seed ?? job.checkpointId,
            concurrency: job.tuning?.blocksInFlight ?? DEFAULT_BLOCKS_IN_FLIGHT,
          },
          { store, pool: pool as WorkerPool, progress: tracker },
        );
        const status = result.ok ? 'ok' : 'problems-found';
        return jobSummary(job, status, { progress: await tracker.finish('done'), result, error: null });
      }
      case 'gc': {
        const result = await runGc(job.project, {
          store,
          safety: GC_SAFETY[job.safety ?? 'full'],
          concurrency: storeConcurrency,
          dryRun: job.dryRun ?? false,
        });
        return jobSummary(job, 'ok', { progress: null, result, error: null });
      }
    }
  } catch (error) {
    const interrupted = error instanceof InterruptedError || options.signal?.aborted === true;
    const progress = tracker ? await tracker.finish(interrupted ? 'interrupted' : 'failed') : null;
    return jobSummary(job, interrupted ? 'interrupted' : 'failed', {
      progress,
      result: null,
      error: errorInfo(error),
    });
  } finally {
    await pool?.close();
  }
};

export type { MoverStatus, MoverSummary, RunJobOptions };
export { EXIT_CODES, errorInfo, jobSummary, runJob };
