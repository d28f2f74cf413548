import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bank, createBank } from './bank.js';
import { ConditionFailed, QuotaExceeded } from './bank-errors.js';
import { InvalidCheckpointTransition } from './checkpoint-repository.js';
import type { CheckpointRecord, PlanRecord } from './records.js';

/**
 * The Bank's contract, run against every DynamoDB the product runs on: DynamoDB Local (local
 * mode) and DynamoDB in AWS (moto, LocalStack or the real service through AWS_ENDPOINT_URL).
 * Each runtime passes the same suite (restic's internal/backend/test is the model); the table
 * comes from the one shared definition, created by `createTable`.
 */

interface BankTarget {
  /** a client for the DynamoDB under test */
  readonly client: () => DynamoDBClient;
  /** creates the Bank table (the shared definition) and resolves when it is usable */
  readonly createTable: (client: DynamoDBClient, tableName: string) => Promise<void>;
  /**
   * false for moto: its TransactWriteItems are not isolated from each other under concurrent
   * requests (seen: of 8 concurrent creates against a limit of 3, 3 were acknowledged but 4
   * stored), so concurrency is exercised only where the peer has DynamoDB's semantics
   */
  readonly isolatesConcurrentTransactions: boolean;
}

const hexProject = (): string => randomUUID().replaceAll('-', '');

const planRecord = (project: string, name = 'plan'): PlanRecord => ({
  id: randomUUID(),
  project_id: project,
  created_at: new Date().toISOString(),
  name,
  description: null,
  provider_id: 'cf56bd3e-97a7-4078-b6d5-f36246333fd9',
  status: 'suspended',
  resources: [{ id: project, type: 'OS::Keystone::Project', name: 'p' }],
  parameters: {},
});

const checkpointRecord = (project: string, plan: PlanRecord, createdAt: string): CheckpointRecord => ({
  id: randomUUID(),
  project_id: project,
  created_at: createdAt,
  status: 'protecting',
  provider_id: plan.provider_id,
  plan_id: plan.id,
  protection_plan: { id: plan.id, name: plan.name, provider_id: plan.provider_id, resources: plan.resources },
  resource_graph: null,
  extra_info: {},
  owner_user_id: 'u1',
});

const settled = async <T>(promises: Promise<T>[]) => {
  const results = await Promise.allSettled(promises);
  return {
    fulfilled: results.filter((r) => r.status === 'fulfilled').length,
    reasons: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
};

const sequentially = async <T>(indexes: number[], run: (i: number) => Promise<T>) => {
  let fulfilled = 0;
  const reasons: unknown[] = [];
  for (const i of indexes)
    await run(i).then(
      () => fulfilled++,
      (reason: unknown) => reasons.push(reason),
    );
  return { fulfilled, reasons };
};

const describeBankConformance = (name: string, target: BankTarget): void => {
  describe(`the Bank on ${name}`, () => {
    let client: DynamoDBClient;
    let bank: Bank;

    beforeAll(async () => {
      client = target.client();
      const tableName = `bank-conformance-${Date.now()}`;
      await target.createTable(client, tableName);
      bank = createBank({ client, tableName });
    }, 120_000);

    afterAll(() => client?.destroy());

    it('reads back what it stored and refuses a second create of the same id, leaving the first', async () => {
      const project = hexProject();
      const plan = planRecord(project, 'first');
      await bank.plans.create(plan);
      expect(await bank.plans.get(project, plan.id)).toMatchObject(plan);
      await expect(bank.plans.create({ ...plan, name: 'second' })).rejects.toBeInstanceOf(ConditionFailed);
      expect((await bank.plans.get(project, plan.id))?.name).toBe('first');
    });

    it('lists a project’s objects only, in creation order; an admin listing sees every project', async () => {
      const [a, b] = [hexProject(), hexProject()];
      const made = [];
      for (const name of ['one', 'two', 'three']) {
        made.push(await bank.plans.create({ ...planRecord(a, name), created_at: new Date().toISOString() }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const other = await bank.plans.create(planRecord(b, 'other'));
      expect((await bank.plans.list(a)).map((p) => p.name)).toEqual(['one', 'two', 'three']);
      expect((await bank.plans.list(b)).map((p) => p.id)).toEqual([other.id]);
      const everywhere = new Set((await bank.plans.listAllProjects()).map((p) => p.id));
      for (const plan of [...made, other]) expect(everywhere.has(plan.id)).toBe(true);
      expect((await bank.plans.findAnywhere(other.id))?.project_id).toBe(b);
      expect(await bank.plans.get(a, other.id)).toBeUndefined();
    });

    it('applies a conditional update only when the condition holds and explains a refusal', async () => {
      const project = hexProject();
      const plan = await bank.plans.create(planRecord(project));
      const suspended = { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': 'suspended' } };
      const started = await bank.plans.update(project, plan.id, { status: 'started' }, suspended);
      expect(started.status).toBe('started');
      const refusal = await bank.plans.update(project, plan.id, { status: 'x' }, suspended).catch((e) => e);
      expect(refusal).toBeInstanceOf(ConditionFailed);
      expect((refusal as ConditionFailed).current?.status).toBe('started');
      expect((await bank.plans.get(project, plan.id))?.status).toBe('started');
    });

    it('removes only what exists', async () => {
      const project = hexProject();
      const plan = await bank.plans.create(planRecord(project));
      await bank.plans.remove(project, plan.id);
      expect(await bank.plans.get(project, plan.id)).toBeUndefined();
      await expect(bank.plans.remove(project, plan.id)).rejects.toBeInstanceOf(ConditionFailed);
    });

    it('counts quota exactly under concurrent creates and gives a unit back on removal', async () => {
      const project = hexProject();
      await bank.quotas.setProjectLimits(project, { plans: 3 });
      const create = (i: number) => bank.plans.create(planRecord(project, `p${i}`), { quota: 'plans' });
      const indexes = Array.from({ length: 8 }, (_, i) => i);
      const { fulfilled, reasons } = target.isolatesConcurrentTransactions
        ? await settled(indexes.map(create))
        : await sequentially(indexes, create);
      expect(fulfilled).toBe(3);
      // a create that lost a transaction race may be refused as a conflict rather than over quota
      for (const reason of reasons)
        expect(reason instanceof QuotaExceeded || reason instanceof Error).toBe(true);
      expect(reasons.some((reason) => reason instanceof QuotaExceeded)).toBe(true);
      const stored = await bank.plans.list(project);
      expect(stored).toHaveLength(3);
      expect(await bank.quotas.usage(project, 'plans')).toBe(3);
      await bank.plans.remove(project, stored[0]?.id as string, { quota: 'plans' });
      expect(await bank.quotas.usage(project, 'plans')).toBe(2);
      await bank.plans.create(planRecord(project, 'again'), { quota: 'plans' });
      expect(await bank.quotas.usage(project, 'plans')).toBe(3);
    });

    it('moves a checkpoint only along allowed transitions, one winner when two race', async () => {
      const project = hexProject();
      const plan = await bank.plans.create(planRecord(project));
      const checkpoint = await bank.checkpoints.create(
        checkpointRecord(project, plan, new Date().toISOString()),
      );
      await expect(bank.checkpoints.transition(project, checkpoint.id, 'deleted')).rejects.toBeInstanceOf(
        InvalidCheckpointTransition,
      );
      const race = await settled([
        bank.checkpoints.transition(project, checkpoint.id, 'available', { from: ['protecting'] }),
        bank.checkpoints.transition(project, checkpoint.id, 'error', { from: ['protecting'] }),
      ]);
      expect(race.fulfilled).toBe(1);
      expect(race.reasons[0]).toBeInstanceOf(InvalidCheckpointTransition);
      const ended = await bank.checkpoints.get(project, checkpoint.id);
      expect(['available', 'error']).toContain(ended?.status);
    });

    it('lists checkpoints by plan and by provider, newest last, and drops deleted ones from both', async () => {
      const project = hexProject();
      const [plan, otherPlan] = [planRecord(project), planRecord(project)];
      await bank.plans.create(plan);
      await bank.plans.create(otherPlan);
      const base = Date.parse('2026-01-01T00:00:00Z');
      const checkpoints = [];
      for (let i = 0; i < 3; i++)
        checkpoints.push(
          await bank.checkpoints.create(
            checkpointRecord(project, plan, new Date(base + i * 1000).toISOString()),
          ),
        );
      const foreign = await bank.checkpoints.create(
        checkpointRecord(project, otherPlan, new Date(base).toISOString()),
      );
      const ids = (records: CheckpointRecord[]) => records.map((c) => c.id);
      expect(ids(await bank.checkpoints.listByPlan(project, plan.id))).toEqual(ids(checkpoints));
      expect(ids(await bank.checkpoints.listByProvider(project, plan.provider_id))).toEqual(
        expect.arrayContaining([...ids(checkpoints), foreign.id]),
      );
      const gone = checkpoints[1] as CheckpointRecord;
      await bank.checkpoints.transition(project, gone.id, 'available');
      await bank.checkpoints.transition(project, gone.id, 'deleting');
      await bank.checkpoints.transition(project, gone.id, 'deleted');
      expect(ids(await bank.checkpoints.listByPlan(project, plan.id))).not.toContain(gone.id);
      expect(ids(await bank.checkpoints.listByProvider(project, plan.provider_id))).not.toContain(gone.id);
      expect((await bank.checkpoints.get(project, gone.id))?.status).toBe('deleted');
    });

    it('keeps the services’ state', async () => {
      const services = await bank.services.list();
      expect(services.map((s) => s.binary).sort()).toEqual(['karbor-operationengine', 'karbor-protection']);
      const engine = services.find((s) => s.binary === 'karbor-operationengine');
      await bank.services.setStatus(engine?.id as number, 'disabled', 'maintenance');
      const again = (await bank.services.list()).find((s) => s.id === engine?.id);
      expect(again).toMatchObject({ status: 'disabled', disabled_reason: 'maintenance' });
      await bank.services.setStatus(engine?.id as number, 'enabled', null);
    });
  });
};

export type { BankTarget };
export { describeBankConformance };
