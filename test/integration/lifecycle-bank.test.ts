import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bank, createBank } from '../../lib/bank/bank.js';
import type { CheckpointRecord, PlanRecord, ScheduledOperationRecord } from '../../lib/bank/records.js';
import { manifestKey } from '../../lib/blocks/key-layout.js';
import { openStore } from '../../lib/blocks/open-store.js';
import type { ProtectablesView } from '../../lib/karbor/protectables-port.js';
import { deleteCheckpointData } from '../../lib/workflows/delete/delete-run.js';
import type { OperationScheduler } from '../../lib/workflows/operation-scheduler.js';
import { startScheduledProtect } from '../../lib/workflows/protect/scheduled-protect.js';
import { reconcileEndedExecution } from '../../lib/workflows/reconcile.js';
import { applyRetention } from '../../lib/workflows/retention/retention-run.js';
import { ResourceRunRepository } from '../../lib/workflows/runs/resource-runs.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

/** The Bank side of scheduled protect and retention, on DynamoDB Local. */

const project = 'p0123456789abcdef0123456789abcdef';
const day = 86_400_000;

const graphOnly: ProtectablesView = {
  listInstances: async () => [],
  showInstance: async () => {
    throw new Error('not used');
  },
  buildGraph: async (resources) =>
    JSON.stringify([
      Object.fromEntries(resources.map((r, i) => [`0x${i}`, [r.type, r.id, r.name, r.extra_info]])),
      [],
    ]),
};

const noScheduler: OperationScheduler = {
  arm: async () => undefined,
  disarm: async () => undefined,
  occurrenceFired: async () => undefined,
};

describe('scheduled protect and retention in the Bank', () => {
  let bank: Bank;
  let plan: PlanRecord;

  const operation = async (
    type: string,
    definition: Record<string, string> = {},
  ): Promise<ScheduledOperationRecord> => {
    const triggerId = randomUUID();
    await bank.triggers.create({
      id: triggerId,
      project_id: project,
      created_at: new Date().toISOString(),
      name: 't',
      type: 'time',
      properties: {
        format: 'crontab',
        pattern: '0 * * * *',
        start_time: '2026-01-01 00:00:00',
        window: '900',
      },
    });
    return bank.scheduledOperations.create({
      id: randomUUID(),
      project_id: project,
      created_at: new Date().toISOString(),
      name: 'op',
      description: null,
      operation_type: type,
      trigger_id: triggerId,
      operation_definition: { provider_id: plan.provider_id, plan_id: plan.id, ...definition },
      enabled: true,
      user_id: 'u1',
      trust_id: 'trust-1',
    });
  };

  const checkpoint = (ageDays: number, status: CheckpointRecord['status'] = 'available') =>
    bank.checkpoints.create({
      id: randomUUID(),
      project_id: project,
      created_at: new Date(Date.now() - ageDays * day).toISOString(),
      status,
      provider_id: plan.provider_id,
      plan_id: plan.id,
      protection_plan: { id: plan.id, name: plan.name, provider_id: plan.provider_id, resources: [] },
      resource_graph: null,
      extra_info: { created_by: 'manual' },
      owner_user_id: 'u1',
    });

  beforeAll(async () => {
    const tableName = `bank-${randomUUID()}`;
    const client = new DynamoDBClient({});
    await ensureBankTable(client, tableName);
    bank = createBank({ client, tableName });
    plan = await bank.plans.create({
      id: randomUUID(),
      project_id: project,
      created_at: new Date().toISOString(),
      name: 'plan',
      description: null,
      provider_id: 'cf56bd3e-97a7-4078-b6d5-f36246333fd9',
      status: 'started',
      resources: [{ id: project, type: 'OS::Keystone::Project', name: 'demo' }],
      parameters: {},
    } as PlanRecord);
  });

  it('makes one checkpoint per occurrence: a retried task finds its own, a second delivery skips', async () => {
    const op = await operation('protect');
    const occurrence = new Date(Date.now() - 60_000).toISOString();
    const input = { project_id: project, scheduled_operation_id: op.id, occurrence };
    const deps = { bank, scheduler: noScheduler, protectables: () => graphOnly, now: new Date() };
    const first = await startScheduledProtect(deps, input, 'exec-1');
    expect(first.skipped).toBe(false);
    const request = (
      first as { request: { checkpoint_id: string; operation_log_id: string; trust_id: string } }
    ).request;
    expect(request.trust_id).toBe('trust-1');
    const made = await bank.checkpoints.get(project, request.checkpoint_id);
    expect(made).toMatchObject({
      status: 'protecting',
      owner_user_id: 'u1',
      extra_info: expect.objectContaining({ created_by: 'operation-engine', scheduled_operation_id: op.id }),
    });
    expect(await bank.operationLogs.get(project, request.operation_log_id)).toMatchObject({
      scheduled_operation_id: op.id,
      status: 'protecting',
    });
    expect(await startScheduledProtect(deps, input, 'exec-1')).toEqual(first);
    expect(await startScheduledProtect(deps, input, 'exec-2')).toMatchObject({ skipped: true });
  });

  it('skips a run of a suspended plan and a run past its window, making nothing', async () => {
    const op = await operation('protect');
    const deps = { bank, scheduler: noScheduler, protectables: () => graphOnly, now: new Date() };
    const late = await startScheduledProtect(
      deps,
      {
        project_id: project,
        scheduled_operation_id: op.id,
        occurrence: new Date(Date.now() - 3600_000).toISOString(),
      },
      'exec-late',
    );
    expect(late).toMatchObject({ skipped: true, reason: expect.stringContaining('dropped_out_of_window') });
    await bank.plans.update(project, plan.id, { status: 'suspended' });
    try {
      const suspended = await startScheduledProtect(
        deps,
        { project_id: project, scheduled_operation_id: op.id, occurrence: new Date().toISOString() },
        'exec-suspended',
      );
      expect(suspended).toMatchObject({ skipped: true, reason: expect.stringContaining('suspended') });
    } finally {
      await bank.plans.update(project, plan.id, { status: 'started' });
    }
  });

  it.each([
    ['its occurrence', true],
    ['its execution, when started by hand', false],
  ])(
    'ends in error the checkpoint of a scheduled run that died outside its Catch, found from %s',
    async (_how, scheduled) => {
      const op = await operation('protect');
      const executionArn = `arn:aws:states:us-east-1:123456789012:execution:protect:${randomUUID()}`;
      const input = {
        project_id: project,
        scheduled_operation_id: op.id,
        trigger_id: op.trigger_id,
        ...(scheduled ? { occurrence: new Date(Date.now() - 60_000).toISOString() } : {}),
      };
      const deps = { bank, scheduler: noScheduler, protectables: () => graphOnly, now: new Date() };
      const started = await startScheduledProtect(deps, input, executionArn);
      const { checkpoint_id: made, operation_log_id: logId } = (
        started as { request: { checkpoint_id: string; operation_log_id: string } }
      ).request;
      const ended = {
        workflow: 'protect' as const,
        input,
        status: 'FAILED',
        error: 'States.DataLimitExceeded',
      };
      expect(await reconcileEndedExecution(bank, { ...ended, executionArn })).toBe(
        `checkpoint ${made} → error`,
      );
      expect((await bank.checkpoints.get(project, made))?.status).toBe('error');
      expect((await bank.operationLogs.get(project, logId))?.status).toBe('error');
    },
  );

  it('drops checkpoints beyond max_backups, never the newest, and hands the same ones over on a re-run', async () => {
    for (const c of await bank.checkpoints.listByPlan(project, plan.id))
      if (c.status === 'protecting') await bank.checkpoints.transition(project, c.id, 'error');
    const [oldest, older, newer] = [await checkpoint(3), await checkpoint(2), await checkpoint(1)];
    await checkpoint(0.5, 'error');
    const op = await operation('retention_protect', { max_backups: '1' });
    const input = { project_id: project, scheduled_operation_id: op.id };
    const first = await applyRetention(bank, input, 'exec-r1', new Date());
    expect(first.deletes.map((d) => d.checkpoint_id).sort()).toEqual([oldest?.id, older?.id].sort());
    expect(first.deletes.every((d) => d.trust_id === 'trust-1' && d.operation_log_id)).toBe(true);
    expect((await bank.checkpoints.get(project, newer?.id as string))?.status).toBe('available');
    expect((await bank.checkpoints.get(project, oldest?.id as string))?.status).toBe('deleting');
    const again = await applyRetention(bank, input, 'exec-r1', new Date());
    expect(again.deletes).toEqual(first.deletes);
    expect((await applyRetention(bank, input, 'exec-r2', new Date())).deletes).toEqual([]);
  });

  it('waits to delete a checkpoint while a protect builds on it, then removes its objects', async () => {
    const store = openStore(`file://${mkdtempSync(join(tmpdir(), 'karbor-delete-'))}`);
    const runs = new ResourceRunRepository(bank.store);
    const parent = await checkpoint(1);
    const child = await checkpoint(0, 'protecting');
    const resource = { type: 'OS::Glance::Image', id: 'img-1', name: 'img' };
    const run = await runs.begin(project, child.id, 'protect', resource, 'backup', new Date());
    await runs.update(run, { data: { parent_checkpoint_id: parent.id } });
    await store.put(manifestKey(project, parent.id, 'img-1'), Buffer.from('manifest'));
    await bank.checkpoints.transition(project, parent.id, 'deleting');
    const deps = {
      bank,
      runs,
      store,
      session: async () => Promise.reject(new Error('no cloud')),
      now: new Date(),
    };
    const request = { project_id: project, checkpoint_id: parent.id };
    const started = new Date().toISOString();

    expect(await deleteCheckpointData(deps, request, started)).toEqual({
      remaining: 1,
      status: 'deleting',
      wait_seconds: 60,
    });
    expect(await store.head(manifestKey(project, parent.id, 'img-1'))).toBeDefined();

    await bank.checkpoints.transition(project, child.id, 'available');
    expect(await deleteCheckpointData(deps, request, started)).toEqual({
      remaining: 0,
      status: 'deleted',
      wait_seconds: 0,
    });
    expect(await store.head(manifestKey(project, parent.id, 'img-1'))).toBeUndefined();
    expect((await bank.checkpoints.get(project, parent.id))?.status).toBe('deleted');
  });
});
