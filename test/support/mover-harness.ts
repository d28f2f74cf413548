import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobSpec } from '../../lib/blocks/job-spec.js';
import { parseJobSpec } from '../../lib/blocks/job-spec.js';
import { type MoverSummary, type RunJobOptions, runJob } from '../../lib/blocks/run-job.js';
import { createTestBucket } from './s3-bucket.js';

interface Backend {
  readonly name: 'file' | 's3';
  /** a fresh store URL on this backend */
  readonly newStore: () => Promise<string>;
  readonly cleanup: () => Promise<void>;
}

const fileBackend = (): Backend => {
  const dirs: string[] = [];
  return {
    name: 'file',
    newStore: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mover-store-'));
      dirs.push(dir);
      return `file://${dir}`;
    },
    cleanup: async () => {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
};

const s3Backend = (): Backend => {
  const removers: (() => Promise<void>)[] = [];
  let counter = 0;
  return {
    name: 's3',
    newStore: async () => {
      const bucket = await createTestBucket('mover');
      removers.push(bucket.remove);
      return `s3://${bucket.name}/bank-${counter++}`;
    },
    cleanup: async () => {
      await Promise.all(removers.map((remove) => remove()));
    },
  };
};

/** Validates the job like the CLI does, runs it in-process and returns the summary. */
const run = async (
  job: Record<string, unknown>,
  options: Partial<RunJobOptions> = {},
): Promise<MoverSummary['summary']> => {
  const spec: JobSpec = parseJobSpec(JSON.stringify(job));
  return (await runJob(spec, { sinks: [], ...options })).summary;
};

const expectOk = (summary: MoverSummary['summary']): MoverSummary['summary'] => {
  if (summary.status !== 'ok')
    throw new Error(`mover ${summary.operation} ${summary.status}: ${JSON.stringify(summary.error)}`);
  return summary;
};

export type { Backend };
export { expectOk, fileBackend, run, s3Backend };
