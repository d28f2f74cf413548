import './threadpool.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type JobSpec, JobSpecError, parseJobSpec } from '../../lib/blocks/job-spec.js';
import { JsonLinesProgressSink, type ProgressSink, TtyProgressSink } from '../../lib/blocks/progress.js';
import { errorInfo, jobSummary, type MoverSummary, runJob } from '../../lib/blocks/run-job.js';
import { getOptionalString } from '../../lib/config/env.js';

const USAGE = `usage: mover [backup|restore|verify|gc] [--job FILE | --job-json JSON] [--progress auto|json|tty|none]

The job spec (JSON, see lib/blocks/job-spec.ts) comes from --job FILE, --job-json JSON or the
MOVER_JOB environment variable (ECS container overrides); the operation word, when given, must
match the spec's "operation". Progress goes to stderr as JSON
lines, or as a bar on stdout when it is a terminal. The last line on stdout is the summary:
{"summary": {"operation", "status", "exitCode", ...}}.
Exit codes: 0 ok, 1 failed, 2 invalid job, 3 verify found problems, 4 interrupted (resumable).`;

const OPERATIONS = ['backup', 'restore', 'verify', 'gc'] as const;

const loadJob = async (argv: string[]): Promise<{ job: JobSpec; progress: string }> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      job: { type: 'string' },
      'job-json': { type: 'string' },
      progress: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new JobSpecError(USAGE);
  const [operation, ...rest] = positionals;
  if (
    (operation !== undefined && !OPERATIONS.includes(operation as (typeof OPERATIONS)[number])) ||
    rest.length > 0
  ) {
    throw new JobSpecError(`expected one operation of ${OPERATIONS.join(', ')}\n${USAGE}`);
  }
  const sources = [values.job, values['job-json']].filter((v) => v !== undefined);
  if (sources.length > 1) throw new JobSpecError('give the job spec once: --job or --job-json');
  let text: string | undefined = values['job-json'];
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

const sinksFor = (mode: string): ProgressSink[] => {
  const tty = mode === 'tty' || (mode === 'auto' && process.stdout.isTTY === true);
  if (tty) return [new TtyProgressSink(process.stdout)];
  return mode === 'none' ? [] : [new JsonLinesProgressSink(process.stderr)];
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
    const { job, progress } = await loadJob(argv);
    summary = await runJob(job, { sinks: sinksFor(progress), signal: controller.signal });
  } catch (error) {
    const status = error instanceof JobSpecError ? 'invalid-job' : 'failed';
    summary = jobSummary(undefined, status, { progress: null, result: null, error: errorInfo(error) });
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary.summary.exitCode;
};

process.exitCode = await main(process.argv.slice(2));
