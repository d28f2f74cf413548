import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../lib/blocks/file-store.js';
import { moverJobKey } from '../lib/workflows/mover-jobs.js';
import type { EndedExecution } from '../lib/workflows/reconcile.js';
import type { ResourceRun, ResourceRunRepository } from '../lib/workflows/runs/resource-runs.js';
import { type ExecutionRecord, ExecutionRecords } from './execution-records.js';
import type { MoverExit, MoverRun } from './mover-launcher.js';
import { interruptedStep, type RecoveryDependencies, recoverExecutions } from './run-recovery.js';

let work: string;
let records: ExecutionRecords;
let store: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'run-recovery-'));
  records = new ExecutionRecords(join(work, 'executions'));
  store = `file://${join(work, 'blocks')}`;
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const protectRecord = (name: string, resumes = 0, started_at = '2026-12-06T03:00:00Z'): ExecutionRecord => ({
  workflow: 'protect',
  name,
  input: { project_id: 'p1', checkpoint_id: `cp-${name}`, provider_id: 'prov', plan_id: 'plan' },
  started_at,
  resumes,
});

const resourceRun = (runId: string, changes: Partial<ResourceRun> = {}): ResourceRun => ({
  project_id: 'p1',
  run_id: runId,
  kind: 'protect',
  resource_key: 'OS::Cinder::Volume#v1',
  resource: { type: 'OS::Cinder::Volume', id: 'v1', name: 'data' },
  status: 'running',
  step: 'tempVolumeSettled',
  data: { awaiting_mover: true },
  temporaries: [{ kind: 'snapshot', id: 's1' }],
  started_at: '2026-12-06T03:00:00Z',
  updated_at: '2026-12-06T03:00:00Z',
  ...changes,
});

/** A world where the Bank holds `runs`, the mover exits `moverExit`, and every call is noted. */
const world = (runs: ResourceRun[], moverExit = 0) => {
  const resumed: string[] = [];
  const updates: { key: string; changes: Partial<ResourceRun> }[] = [];
  const movers: MoverRun[] = [];
  const reconciled: EndedExecution[] = [];
  const log: string[] = [];
  const deps: RecoveryDependencies = {
    records,
    resume: async (record) => {
      resumed.push(record.name);
    },
    runs: {
      list: async (_project: string, runId: string) => runs.filter((run) => run.run_id === runId),
      update: async (run: ResourceRun, changes: Partial<ResourceRun>) => {
        updates.push({ key: `${run.run_id}/${run.resource_key}`, changes });
        return { ...run, ...changes };
      },
    } as unknown as ResourceRunRepository,
    store,
    runMover: async (run): Promise<MoverExit> => {
      movers.push(run);
      return { exitCode: moverExit, stderrTail: moverExit ? 'SourceError: volume vanished' : '' };
    },
    reconcile: async (ended) => {
      reconciled.push(ended);
      return 'checkpoint → error-deleting';
    },
    log: (line) => log.push(line),
  };
  return { deps, resumed, updates, movers, reconciled, log };
};

const submitJob = async (run: ResourceRun) => {
  const job = { operation: 'backup', project: 'p1', checkpointId: run.run_id };
  await new FileStore(join(work, 'blocks')).put(moverJobKey(run), Buffer.from(JSON.stringify(job)));
};

describe('recovering the executions a killed npm start was running', () => {
  it('resumes every recorded execution under its own name', async () => {
    records.write(protectRecord('b', 0, '2026-12-06T03:00:02Z'));
    records.write(protectRecord('a', 0, '2026-12-06T03:00:01Z'));
    const { deps, resumed } = world([]);
    expect(await recoverExecutions(deps)).toBe(2);
    expect(resumed.sort()).toEqual(['a', 'b']);
  });

  it('runs the job of a mover that died with it again before resuming, and lets the run go on when it succeeds', async () => {
    const run = resourceRun('cp-a');
    await submitJob(run);
    records.write(protectRecord('a'));
    const { deps, resumed, updates, movers } = world([run], 0);
    await recoverExecutions(deps);
    expect(movers.map((m) => m.args)).toEqual([
      ['backup', '--job-store', store, '--job-key', moverJobKey(run)],
    ]);
    expect(updates).toEqual([]);
    expect(resumed).toEqual(['a']);
  });

  it('fails the resource through the Catch path when the mover rerun fails', async () => {
    const run = resourceRun('cp-a');
    await submitJob(run);
    records.write(protectRecord('a'));
    const { deps, resumed, updates } = world([run], 1);
    await recoverExecutions(deps);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.changes.step).toBe(
      interruptedStep(
        'npm start stopped while the mover ran, and its rerun exited 1: SourceError: volume vanished',
      ),
    );
    expect(resumed).toEqual(['a']);
  });

  it('fails the resource when the job of its mover is gone, without running a mover', async () => {
    records.write(protectRecord('a'));
    const { deps, updates, movers } = world([resourceRun('cp-a')]);
    await recoverExecutions(deps);
    expect(movers).toEqual([]);
    expect(updates[0]?.changes.step).toMatch(
      /^interrupted: npm start stopped while the mover ran, and its job is gone/,
    );
  });

  it('leaves finished resources and resources between steps alone', async () => {
    records.write(protectRecord('a'));
    const done = resourceRun('cp-a', { resource_key: 'x#1', status: 'available' });
    const waiting = resourceRun('cp-a', { resource_key: 'x#2', data: {} });
    const { deps, updates, movers, resumed } = world([done, waiting]);
    await recoverExecutions(deps);
    expect([updates, movers, resumed]).toEqual([[], [], ['a']]);
  });

  it('stops resuming a run that keeps taking npm start down: its resources fail instead', async () => {
    records.write(protectRecord('a', 2));
    const { deps, updates, movers, resumed } = world([resourceRun('cp-a')]);
    await recoverExecutions(deps);
    expect(movers).toEqual([]);
    expect(updates[0]?.changes.step).toBe(
      interruptedStep('npm start stopped 3 times while this run was going'),
    );
    expect(resumed).toEqual(['a']);
  });

  it('fails a workflow without resources as the execution-status rule does once it was resumed too often', async () => {
    records.write({
      workflow: 'delete',
      name: 'delete-cp',
      input: { project_id: 'p1', checkpoint_id: 'cp' },
      started_at: '2026-12-06T03:00:00Z',
      resumes: 2,
    });
    const { deps, resumed, reconciled } = world([]);
    await recoverExecutions(deps);
    expect(resumed).toEqual([]);
    expect(reconciled).toMatchObject([{ workflow: 'delete', status: 'ABORTED' }]);
    expect(records.list()).toEqual([]);
  });
});
