import './threadpool.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DynamoDbProgressSink } from '../../lib/blocks/dynamodb-progress-sink.js';
import { type JobSpec, JobSpecError, parseJobSpec } from '../../lib/blocks/job-spec.js';
import { openStore } from '../../lib/blocks/open-store.js';
import { JsonLinesProgressSink, type ProgressSink, TtyProgressSink } from '../../lib/blocks/progress.js';
import { errorInfo, jobSummary, type MoverSummary, runJob } from '../../lib/blocks/run-job.js';
import { writeCephFilesFromEnv } from '../../lib/config/ceph-files.js';
import { getOptionalString } from '../../lib/config/env.js';

const USAGE = `usage: mover [backup|restore|verify|gc] [--job FILE | --job-json JSON | --job-store URL --job-key KEY]
             [--progress auto|json|tty|none]

The job spec (JSON, see lib/blocks/job-spec.ts) comes from --job FILE, --job-json JSON, the
object KEY of the block store at URL (how workflows hand over jobs that carry a token), or the
MOVER_JOB environment variable (ECS container overrides); the operation word, when given, must
match the spec's "operation". Progress goes to stderr as JSON
lines, or as a bar on stdout when it is a terminal. The last line on stdout is the summary:
{"summary": {"operation", "status", "exitCode", ...}}.
Exit codes: 0 ok, 1 failed, 2 invalid job, 3 verify found problems, 4 interrupted (resumable).`;

const OPERATIONS = ['backup', 'restore', 'verify', 'gc'] as const;

const CLI_OPTIONS = {
  job: { type: 'string' },
  'job-json': { type: 'string' },
  'job-store': { type: 'string' },
  'job-key': { type: 'string' },
  progress: { type: 'string', default: 'auto' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A command line parseArgs refuses (unknown flag, missing value) is a usage error: exit 2, not 1. */
const parseCommandLine = (argv: string[]) => {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
  } catch (cause) {
    throw new JobSpecError(`${(cause as Error).message}\n${USAGE}`, { cause });
  }
};

const loadJob = async (argv: string[]): Promise<{ job: JobSpec; progress: string }> => {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) throw new JobSpecError(USAGE);
  const [operation, ...rest] = positionals;
  if (
    (operation !== undefined && !OPERATIONS.includes(operation as (typeof OPERATIONS)[number])) ||
    rest.length > 0
  ) {
    throw new JobSpecError(`expected one operation of ${OPERATIONS.join(', ')}\n${USAGE}`);
  }
  const sources = [values.job, values['job-json'], values['job-key']].filter((v) => v !== undefined);
  if (sources.length > 1) throw new JobSpecError('give the job spec once: --job, --job-json or --job-key');
  if ((values['job-store'] === undefined) !== (values['job-key'] === undefined))
    throw new JobSpecError('--job-store and --job-key go together');
  let text: string | undefined = values['job-json'];
  if (values['job-store'] !== undefined && values['job-key'] !== undefined)
    text = await readStoredJob(values['job-store'], values['job-key']);
  if (values.job !== undefined) {
    try {
      text = await readFile(values.job, 'utf8');
    } catch (cause) {
      throw new JobSpecError(`cannot read job spec ${values.job}`, { cause });
    }
  }
  text ??= getOptionalString('MOVER_JOB');
  if (text === undefined) throw new JobSpecError(`no job spec: use --job, --job-json or MOVER_JOB\n${USAGE}`);
  const job = parseJobSpec(text);
  if (operation !== undefined && job.operation !== operation) {
    throw new JobSpecError(`command says ${operation} but the job spec's operation is ${job.operation}`);
  }
  if (!['auto', 'json', 'tty', 'none'].includes(values.progress)) {
    throw new JobSpecError(`--progress must be auto, json, tty or none, got ${values.progress}`);
  }
  return { job, progress: values.progress };
};

const readStoredJob = async (store: string, key: string): Promise<string> => {
  try {
    return (await openStore(store).get(key)).toString('utf8');
  } catch (cause) {
    throw new JobSpecError(`cannot read job spec ${key} from ${store}`, { cause });
  }
};

const sinksFor = (mode: string, job: JobSpec): ProgressSink[] => {
  const report = job.report ? [new DynamoDbProgressSink(job.report)] : [];
  const tty = mode === 'tty' || (mode === 'auto' && process.stdout.isTTY === true);
  if (tty) return [new TtyProgressSink(process.stdout), ...report];
  return mode === 'none' ? report : [new JsonLinesProgressSink(process.stderr), ...report];
};

const main = async (argv: string[]): Promise<number> => {
  let summary: MoverSummary;
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130); // second signal: leave now
    process.stderr.write(`${JSON.stringify({ event: 'stopping', signal })}\n`);
    controller.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    // the ceph.conf and keyring of the task's secrets, for rbd export-diff (infra/mover.ts)
    await writeCephFilesFromEnv();
    const { job, progress } = await loadJob(argv);
    summary = await runJob(job, { sinks: sinksFor(progress, job), signal: controller.signal });
  } catch (error) {
    const status = error instanceof JobSpecError ? 'invalid-job' : 'failed';
    summary = jobSummary(undefined, status, { progress: null, result: null, error: errorInfo(error) });
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary.summary.exitCode;
};

process.exitCode = await main(process.argv.slice(2));
