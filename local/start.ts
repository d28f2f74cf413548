import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serviceSessionOptions } from '../lib/auth/keystone-validator.js';
import { authModeFromEnv } from '../lib/auth/validator-from-env.js';
import { createBank } from '../lib/bank/bank.js';
import { getInteger, getOptionalString, getString } from '../lib/config/env.js';
import { overrideApiServices, scheduleLimitsFromEnv } from '../lib/karbor/api-services.js';
import { reconcileEndedExecution } from '../lib/workflows/reconcile.js';
import { blockStoreUrl, taskBank, taskRuns, useTaskScheduler } from '../lib/workflows/task-context.js';
import { startApiServer } from './api-server.js';
import { type ConsoleState, consoleLayout, ensureConsoleBuilt } from './console-build.js';
import { consoleStatic } from './console-static.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { type DurableDynamoDb, startDurableDynamoDb } from './emulators/durable-dynamodb.js';
import { dynamoDbClientFor, ensureBankTable } from './emulators/dynamodb-local.js';
import { ExecutionRecords } from './execution-records.js';
import { identityPassThrough } from './identity-pass-through.js';
import { LocalDailyGc } from './local-gc.js';
import { LocalOperationScheduler } from './local-scheduler.js';
import { runMover } from './mover-launcher.js';
import { stopAllProcesses } from './processes.js';
import { RecordedOrchestrator } from './recorded-orchestrator.js';
import { recoverExecutions } from './run-recovery.js';

/**
 * `npm start`: the whole product on 127.0.0.1 with embedded defaults — the API handlers behind
 * the local HTTP adapter and the Bank on DynamoDB Local, unless AWS_ENDPOINT_URL(_DYNAMODB)
 * points at another DynamoDB (LocalStack, moto, real AWS).
 */

/** The Bank: another DynamoDB when AWS_ENDPOINT_URL(_DYNAMODB) names one, else the embedded, durable one. */
const startBank = async (dataDir: string): Promise<DurableDynamoDb | undefined> => {
  process.env.KARBOR_TABLE_NAME ??= 'karbor-bank';
  const external = getOptionalString('AWS_ENDPOINT_URL_DYNAMODB') ?? getOptionalString('AWS_ENDPOINT_URL');
  const embedded = external
    ? undefined
    : await startDurableDynamoDb({ dataDir: resolve(dataDir, 'dynamodb') });
  const endpoint = external ?? (embedded as DurableDynamoDb).endpoint;
  if (!external) {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    });
  }
  const client = dynamoDbClientFor(endpoint);
  await ensureBankTable(client, process.env.KARBOR_TABLE_NAME);
  client.destroy();
  console.log(
    `Bank: table ${process.env.KARBOR_TABLE_NAME} on ${endpoint}${embedded ? ' (DynamoDB Local, supervised, commit barrier)' : ''}`,
  );
  return embedded;
};

const repoRoot = resolve(import.meta.dirname, '..');

const consoleUnavailable = (state: ConsoleState): string | undefined => {
  if (state.state === 'building') return 'it is being built; reload in a few seconds.';
  if (state.state === 'failed') return `its build failed:\n${state.reason}`;
  return undefined;
};

let lock: DataDirLock | undefined;
let embeddedBank: DurableDynamoDb | undefined;

/** Stops the Bank's supervisor before its process (else it would restart it), then every child. */
const stopEverything = async (): Promise<void> => {
  await embeddedBank?.stop();
  await stopAllProcesses();
  lock?.release();
};

const main = async (): Promise<void> => {
  const dataDir = resolve(getString('KARBOR_DATA_DIR', '.karbor'));
  mkdirSync(dataDir, { recursive: true });
  // before anything is started: a refused second start must leave the owner's world alone
  lock = lockDataDir(dataDir);
  if (lock.staleOwner !== undefined)
    console.log(`Data directory: took over the lock of pid ${lock.staleOwner}, which is no longer running`);
  const layout = consoleLayout(repoRoot);
  const consoleBuild = ensureConsoleBuilt(layout);
  const port = getInteger('PORT', 8799, 0);
  const authMode = authModeFromEnv('noauth');
  process.env.KARBOR_AUTH = authMode;
  embeddedBank = await startBank(dataDir);
  process.env.KARBOR_SCHEDULE_LIMITS ??= 'relaxed';
  process.env.KARBOR_SCHEDULER_HOST ??= 'local-scheduler';
  process.env.KARBOR_WORKFLOWS_HOST ??= 'local-workflows';
  scheduleLimitsFromEnv();
  const records = new ExecutionRecords(resolve(dataDir, 'executions'));
  const orchestrator = new RecordedOrchestrator(records);
  const bank = createBank();
  const scheduler = new LocalOperationScheduler(
    () => orchestrator,
    () => bank,
  );
  overrideApiServices({ orchestrator, scheduler, bank });
  useTaskScheduler(scheduler);
  const restored = await scheduler.restore();
  const gc = new LocalDailyGc(orchestrator, getInteger('KARBOR_GC_HOUR_UTC', 3, 0));
  const mounts = [
    consoleStatic({ root: layout.distDir, unavailable: () => consoleUnavailable(consoleBuild.current()) }),
    identityPassThrough({ authUrl: async () => (await serviceSessionOptions()).authUrl }),
  ];
  const api = await startApiServer({ port, authMode, mounts });
  console.log(
    `Scheduler: ${restored} scheduled operation(s) armed; gc daily, next at ${gc.start().toISOString()}`,
  );
  console.log(`Karbor API listening on ${api.url} (auth: ${authMode}, data: ${dataDir})`);
  void recoverExecutions({
    records,
    resume: (record) => orchestrator.resume(record),
    runs: taskRuns(),
    store: blockStoreUrl(),
    runMover: (run) => runMover(run, { cwd: repoRoot }),
    reconcile: (ended) => reconcileEndedExecution(taskBank(), ended),
    log: (line) => console.log(line),
  }).then((count) => {
    if (count > 0) console.log(`Recovery: ${count} execution(s) of the previous start resumed`);
  });
  void consoleBuild.done.then((state) => {
    if (state.state === 'failed') console.error(`Console: not available, ${state.reason}`);
    else
      console.log(
        `Console: ${api.url}/console/${state.state === 'ready' && state.built ? ' (built now)' : ''}`,
      );
  });

  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping`);
    scheduler.stop();
    gc.stop();
    await api.close();
    await stopEverything();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopEverything();
  process.exit(1);
});
