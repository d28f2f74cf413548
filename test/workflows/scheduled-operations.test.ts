import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bank, createBank } from '../../lib/bank/bank.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { LocalOperationScheduler } from '../../local/local-scheduler.js';
import { Cleanup, sessionFor } from '../openstack/support/cloud.js';
import {
  type CheckpointView,
  createPlan,
  protect,
  randomImage,
  showCheckpoint,
  waitForCheckpoint,
} from './support/checkpoints.js';
import {
  eventually,
  startWorkflowApi,
  type Tenant,
  tenant,
  type WorkflowApi,
} from './support/workflow-api.js';

/**
 * Scheduled operations in local mode: the local scheduler fires a one-minute crontab, the protect
 * workflow makes the checkpoint itself with the operation's Keystone trust, and a
 * retention_protect run keeps `max_backups` checkpoints.
 */
describe('scheduled operations', () => {
  let world: WorkflowApi;
  let demo: Tenant;
  let scheduler: LocalOperationScheduler;
  let bank: Bank | undefined;
  const cleanup = new Cleanup();
  const imageType = 'OS::Glance::Image';
  let planId = '';

  const bankOf = () => {
    bank ??= createBank();
    return bank;
  };

  const createTrigger = async (): Promise<string> => {
    const reply = await world.call(demo, 'POST', '/triggers', {
      trigger_info: {
        name: 'every-minute',
        type: 'time',
        properties: { format: 'crontab', pattern: '* * * * *', window: 60 },
      },
    });
    expect(reply.status, reply.text).toBe(200);
    return (reply.body as { trigger_info: { id: string } }).trigger_info.id;
  };

  const createOperation = async (
    type: 'protect' | 'retention_protect',
    triggerId: string,
    extra: Record<string, string> = {},
  ): Promise<string> => {
    const reply = await world.call(demo, 'POST', '/scheduled_operations', {
      scheduled_operation: {
        name: `${type}-every-minute`,
        operation_type: type,
        trigger_id: triggerId,
        operation_definition: { provider_id: blockProvider.id, plan_id: planId, ...extra },
      },
    });
    expect(reply.status, reply.text).toBe(200);
    return (reply.body as { scheduled_operation: { id: string } }).scheduled_operation.id;
  };

  const planCheckpoints = async (): Promise<CheckpointView[]> =>
    (
      (await world.call(demo, 'GET', `/providers/${blockProvider.id}/checkpoints?plan_id=${planId}`))
        .body as {
        checkpoints: CheckpointView[];
      }
    ).checkpoints;

  const trustExists = async (trustId: string): Promise<boolean> => {
    const result = await sessionFor('karbor').request('identity', {
      operation: `keystone: show trust ${trustId}`,
      method: 'GET',
      path: `/OS-TRUST/trusts/${trustId}`,
      expected: [200, 404],
    });
    return result.status === 200;
  };

  beforeAll(async () => {
    process.env.KARBOR_SCHEDULE_LIMITS = 'relaxed';
    world = await startWorkflowApi({
      scheduler: (orchestrator) => {
        scheduler = new LocalOperationScheduler(() => orchestrator, bankOf);
        return scheduler;
      },
    });
    demo = await tenant('demo');
    const image = await randomImage(sessionFor('demo'), cleanup, 1 << 20);
    planId = await createPlan(
      world,
      demo,
      [{ id: image.id, type: imageType, name: image.name ?? image.id }],
      'started',
    );
  });
  afterAll(async () => {
    scheduler?.stop();
    delete process.env.KARBOR_SCHEDULE_LIMITS;
    await cleanup.run();
    await world?.close();
  });

  it('fires a one-minute crontab and makes a checkpoint that becomes available', async () => {
    const triggerId = await createTrigger();
    const operationId = await createOperation('protect', triggerId);
    const stored = await bankOf().scheduledOperations.get(demo.project, operationId);
    expect(stored?.trust_id, 'a trust is made when the operation is created').toEqual(expect.any(String));
    const shown = await world.call(demo, 'GET', `/scheduled_operations/${operationId}`);
    expect(shown.text).not.toContain(stored?.trust_id as string);

    const [made] = await eventually(planCheckpoints, (list) => list.length > 0, 150_000);
    const checkpoint = await waitForCheckpoint(world, demo, (made as CheckpointView).id, 'protecting');
    expect(checkpoint.status, checkpoint.extra_info).toBe('available');
    expect(JSON.parse(checkpoint.extra_info)).toMatchObject({
      created_by: 'operation-engine',
      scheduled_operation_id: operationId,
      trigger_id: triggerId,
    });
    const logs = (await world.call(demo, 'GET', `/operation_logs?checkpoint_id=${checkpoint.id}`)).body as {
      operation_logs: { operation_type: string; status: string; scheduled_operation_id: string | null }[];
    };
    expect(logs.operation_logs).toContainEqual(
      expect.objectContaining({
        operation_type: 'protect',
        status: 'available',
        scheduled_operation_id: operationId,
      }),
    );

    const removed = await world.call(demo, 'DELETE', `/scheduled_operations/${operationId}`);
    expect(removed.status, removed.text).toBe(200);
    expect(await trustExists(stored?.trust_id as string), 'the trust is revoked with the operation').toBe(
      false,
    );
  });

  it('skips a run whose window has passed, making nothing', async () => {
    const triggerId = await createTrigger();
    const operationId = await createOperation('protect', triggerId);
    await world.call(demo, 'DELETE', `/scheduled_operations/${operationId}`).catch(() => undefined);
    // the operation is deleted at once, so only these hand-started runs can make anything
    const before = (await planCheckpoints()).length;
    const operation = {
      project_id: demo.project,
      scheduled_operation_id: operationId,
      trigger_id: triggerId,
    };
    await bankOf().scheduledOperations.create({
      id: operationId,
      project_id: demo.project,
      created_at: new Date().toISOString(),
      name: 'restored for the test',
      description: null,
      operation_type: 'protect',
      trigger_id: triggerId,
      operation_definition: { provider_id: blockProvider.id, plan_id: planId },
      enabled: true,
      user_id: 'nobody',
      trust_id: null,
    });
    await world.orchestrator.start('protect', 'late-run', {
      ...operation,
      occurrence: '2020-01-01T00:00:00Z',
    });
    const late = await world.orchestrator.waitFor('late-run');
    expect(late.outcome).toMatchObject({ status: 'SUCCEEDED', output: { status: 'skipped' } });
    expect(JSON.stringify(late.outcome)).toContain('dropped_out_of_window');
    expect((await planCheckpoints()).length).toBe(before);
    await bankOf().scheduledOperations.remove(demo.project, operationId);
  });

  it('retention_protect with max_backups=2 keeps exactly two checkpoints', async () => {
    await eventually(planCheckpoints, (list) => list.every((c) => c.status !== 'protecting'), 120_000);
    // two more by hand, so the scheduled run makes one too many
    for (let i = 0; i < 2; i++) {
      const manual = await protect(world, demo, planId);
      expect(manual.status, manual.extra_info).toBe('available');
    }
    const before = await planCheckpoints();
    expect(before.filter((c) => c.status === 'available').length).toBeGreaterThanOrEqual(2);
    const triggerId = await createTrigger();
    const operationId = await createOperation('retention_protect', triggerId, { max_backups: '2' });

    const retention = await eventually(
      async () =>
        world.orchestrator.executions().filter((e) => e.name.startsWith(`retention-${operationId}`)),
      (list) => list.length > 0 && list.every((e) => e.status !== 'RUNNING'),
      200_000,
    );
    expect(retention[0]?.status, JSON.stringify(retention[0]?.outcome)).toBe('SUCCEEDED');
    await world.call(demo, 'DELETE', `/scheduled_operations/${operationId}`);
    const after = await eventually(
      planCheckpoints,
      (list) => list.every((c) => c.status !== 'deleting' && c.status !== 'protecting'),
      120_000,
    );
    const available = after.filter((c) => c.status === 'available');
    expect(available).toHaveLength(2);
    const scheduled = available.filter(
      (c) => JSON.parse(c.extra_info).scheduled_operation_id === operationId,
    );
    expect(scheduled, 'the newest, scheduled checkpoint is one of the two kept').toHaveLength(1);
    for (const gone of before.filter((c) => !available.some((a) => a.id === c.id)))
      expect((await showCheckpoint(world, demo, gone.id)).status).toBe('deleted');
  });
});
