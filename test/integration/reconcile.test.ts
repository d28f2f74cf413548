import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bank, createBank } from '../../lib/bank/bank.js';
import type { CheckpointRecord } from '../../lib/bank/records.js';
import { recordOperationStart } from '../../lib/karbor/operation-log-writer.js';
import { reconcileEndedExecution } from '../../lib/workflows/reconcile.js';
import { ResourceRunRepository } from '../../lib/workflows/runs/resource-runs.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

const project = 'p0123456789abcdef0123456789abcdef';

const checkpoint = (status: CheckpointRecord['status']): CheckpointRecord => ({
  id: randomUUID(),
  project_id: project,
  created_at: new Date().toISOString(),
  status,
  provider_id: 'prov',
  plan_id: 'plan',
  protection_plan: { id: 'plan', name: 'p', provider_id: 'prov', resources: [] },
  resource_graph: null,
  extra_info: { created_by: 'manual' },
  owner_user_id: 'u',
});

describe('reconcileEndedExecution', () => {
  let bank: Bank;

  beforeAll(async () => {
    const tableName = `bank-${randomUUID()}`;
    const client = new DynamoDBClient({});
    await ensureBankTable(client, tableName);
    bank = createBank({ client, tableName });
  });

  it('ends a checkpoint still protecting in error, with the reason, and closes its log', async () => {
    const record = await bank.checkpoints.create(checkpoint('protecting'));
    const log = await recordOperationStart(bank, {
      project_id: project,
      operation_type: 'protect',
      status: 'protecting',
      now: new Date(),
      checkpoint_id: record.id,
    });
    const input = { project_id: project, checkpoint_id: record.id, operation_log_id: log.id };
    const ended = { workflow: 'protect' as const, input, status: 'ABORTED' };
    expect(await reconcileEndedExecution(bank, ended)).toBe(`checkpoint ${record.id} → error`);
    const after = await bank.checkpoints.get(project, record.id);
    expect(after?.status).toBe('error');
    expect(after?.extra_info.fail_reason).toBe('the protect workflow ended aborted');
    expect((await bank.operationLogs.get(project, log.id))?.status).toBe('error');
    expect(await reconcileEndedExecution(bank, ended)).toBeUndefined();
  });

  it('fails the resources an execution abandoned, keeping what it could not delete listed', async () => {
    const record = await bank.checkpoints.create(checkpoint('protecting'));
    const runs = new ResourceRunRepository(bank.store);
    const at = new Date();
    const volume = { type: 'OS::Cinder::Volume', id: 'vol-1', name: 'v', extra_info: {} };
    const image = { type: 'OS::Glance::Image', id: 'img-1', name: 'i', extra_info: {} };
    await runs.begin(project, record.id, 'protect', image, 'read', at);
    const stuck = await runs.begin(project, record.id, 'protect', volume, 'snapshot', at);
    const snapshot = { kind: 'snapshot', id: 'snap-1' };
    await runs.update(stuck, { temporaries: [snapshot] as unknown as typeof stuck.temporaries });
    const ended = {
      workflow: 'protect' as const,
      input: { project_id: project, checkpoint_id: record.id },
      status: 'FAILED',
      error: 'States.Runtime',
    };
    // no trust and keystone mode: the snapshot cannot be deleted, and that is said, not hidden
    const previousAuth = process.env.KARBOR_AUTH;
    process.env.KARBOR_AUTH = 'keystone';
    const repaired = await reconcileEndedExecution(bank, ended).finally(() => {
      process.env.KARBOR_AUTH = previousAuth;
    });
    expect(repaired).toContain(`checkpoint ${record.id} → error`);
    expect(repaired).toMatch(/released .*OS::Glance::Image#img-1/);
    expect(repaired).toMatch(/released .*OS::Cinder::Volume#vol-1/);
    const [first, second] = await Promise.all([
      runs.get(project, record.id, 'OS::Glance::Image#img-1'),
      runs.get(project, record.id, 'OS::Cinder::Volume#vol-1'),
    ]);
    expect(first).toMatchObject({
      status: 'error',
      reason: 'the protect workflow ended failed: States.Runtime',
    });
    expect(second?.status).toBe('error');
    expect(second?.temporaries).toEqual([snapshot]);
    expect(second?.reason).toMatch(/temporaries not deleted: no Keystone trust/);
  });

  it('leaves a checkpoint alone that its workflow already finished', async () => {
    const record = await bank.checkpoints.create(checkpoint('available'));
    const input = { project_id: project, checkpoint_id: record.id };
    expect(
      await reconcileEndedExecution(bank, { workflow: 'protect', input, status: 'FAILED' }),
    ).toBeUndefined();
    expect((await bank.checkpoints.get(project, record.id))?.status).toBe('available');
  });

  it('ends a deleting checkpoint in error-deleting and a running restore in fail', async () => {
    const deleting = await bank.checkpoints.create(checkpoint('deleting'));
    const input = { project_id: project, checkpoint_id: deleting.id };
    await reconcileEndedExecution(bank, {
      workflow: 'delete',
      input,
      status: 'TIMED_OUT',
      error: 'States.Timeout',
    });
    expect((await bank.checkpoints.get(project, deleting.id))?.status).toBe('error-deleting');

    const restore = await bank.restores.create({
      id: randomUUID(),
      project_id: project,
      created_at: new Date().toISOString(),
      provider_id: 'prov',
      checkpoint_id: deleting.id,
      restore_target: null,
      parameters: {},
      status: 'in_progress',
      resources_status: {},
      resources_reason: {},
    });
    const restoreInput = { project_id: project, restore_id: restore.id };
    expect(
      await reconcileEndedExecution(bank, { workflow: 'restore', input: restoreInput, status: 'FAILED' }),
    ).toBe(`restore ${restore.id} → fail`);
    expect((await bank.restores.get(project, restore.id))?.status).toBe('fail');
  });
});
