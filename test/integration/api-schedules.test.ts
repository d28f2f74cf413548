import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledOperationRecord, TriggerRecord } from '../../lib/bank/records.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { testLimits } from '../../lib/schedules/index.js';
import type { OperationScheduler } from '../../lib/workflows/operation-scheduler.js';
import { type ApiUnderTest, startApiUnderTest } from '../support/api-under-test.js';

const projectA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const projectB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const alice = `alice:${projectA}`;
const bob = `bob:${projectB}`;

class RecordingScheduler implements OperationScheduler {
  readonly armed = new Map<string, string>();
  async arm(operation: ScheduledOperationRecord, trigger: TriggerRecord) {
    this.armed.set(operation.id, trigger.properties.pattern ?? '');
  }
  async disarm(operation: Pick<ScheduledOperationRecord, 'id'>) {
    this.armed.delete(operation.id);
  }
  async occurrenceFired(operation: ScheduledOperationRecord, trigger: TriggerRecord) {
    await this.arm(operation, trigger);
  }
}

describe('triggers and scheduled operations API', () => {
  let api: ApiUnderTest;
  const scheduler = new RecordingScheduler();
  let planId: string;

  beforeAll(async () => {
    api = await startApiUnderTest({ scheduler, scheduleLimits: testLimits });
    const plan = await api.call('POST', `/v1/${projectA}/plans`, {
      token: alice,
      body: {
        plan: {
          name: 'p',
          provider_id: blockProvider.id,
          parameters: {},
          resources: [{ id: 'v', type: 'OS::Cinder::Volume', name: 'v' }],
        },
      },
    });
    planId = (plan.body as { plan: { id: string } }).plan.id;
  });
  afterAll(async () => api.close());

  const createTrigger = async (properties: Record<string, unknown>, token = alice, project = projectA) =>
    api.call('POST', `/v1/${project}/triggers`, {
      token,
      body: { trigger_info: { name: 'every minute', type: 'time', properties } },
    });

  it('stores trigger properties as strings, honouring the format and ISO times', async () => {
    const reply = await createTrigger({
      format: 'crontab',
      pattern: '*/5 * * * *',
      start_time: '2030-01-02T03:04:05Z',
      window: 25,
    });
    expect(reply.body).toMatchObject({
      trigger_info: {
        type: 'time',
        properties: {
          format: 'crontab',
          pattern: '*/5 * * * *',
          start_time: '2030-01-02 03:04:05',
          window: '25',
        },
      },
    });
    const calendar = await createTrigger({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\\nRRULE:FREQ=HOURLY;INTERVAL=1;\\nEND:VEVENT',
    });
    expect(calendar.status, calendar.text).toBe(200);
  });

  it('refuses unusable triggers with the engine’s messages', async () => {
    const tooOften = await createTrigger({ format: 'crontab', pattern: '* * * * * *' });
    expect(tooOften.status).toBe(400);
    const badWindow = await createTrigger({ format: 'crontab', pattern: '*/5 * * * *', window: 5000 });
    expect((badWindow.body as { badRequest: { message: string } }).badRequest.message).toMatch(/window/);
    const badType = await api.call('POST', `/v1/${projectA}/triggers`, {
      token: alice,
      body: {
        trigger_info: { name: 't', type: 'event', properties: { format: 'crontab', pattern: '0 * * * *' } },
      },
    });
    expect(badType.status).toBe(400);
    const extra = await createTrigger({ format: 'crontab', pattern: '0 * * * *', colour: 'red' });
    expect(extra.status).toBe(400);
  });

  it('arms a scheduled operation, lists it under operations and refuses foreign triggers', async () => {
    const trigger = (await createTrigger({ format: 'crontab', pattern: '*/2 * * * *' })).body as {
      trigger_info: { id: string };
    };
    const body = {
      scheduled_operation: {
        name: 'nightly',
        operation_type: 'retention_protect',
        trigger_id: trigger.trigger_info.id,
        operation_definition: { provider_id: blockProvider.id, plan_id: planId, max_backups: 2 },
      },
    };
    const reply = await api.call('POST', `/v1/${projectA}/scheduled_operations`, { token: alice, body });
    expect(reply.body).toMatchObject({
      scheduled_operation: {
        operation_type: 'retention_protect',
        enabled: true,
        operation_definition: { max_backups: '2' },
      },
    });
    const id = (reply.body as { scheduled_operation: { id: string } }).scheduled_operation.id;
    expect(scheduler.armed.get(id)).toBe('*/2 * * * *');
    const listed = await api.call('GET', `/v1/${projectA}/scheduled_operations`, { token: alice });
    expect((listed.body as { operations: { id: string }[] }).operations.map((o) => o.id)).toContain(id);
    expect((await api.call('GET', `/v1/${projectB}/scheduled_operations/${id}`, { token: bob })).status).toBe(
      404,
    );

    const update = await api.call('PUT', `/v1/${projectA}/triggers/${trigger.trigger_info.id}`, {
      token: alice,
      body: {
        trigger_info: {
          properties: { format: 'crontab', pattern: '*/3 * * * *', start_time: '2030-01-01 00:00:00' },
        },
      },
    });
    expect(update.status, update.text).toBe(200);
    expect(scheduler.armed.get(id)).toBe('*/3 * * * *');
    const noStart = await api.call('PUT', `/v1/${projectA}/triggers/${trigger.trigger_info.id}`, {
      token: alice,
      body: { trigger_info: { properties: { format: 'crontab', pattern: '0 * * * *' } } },
    });
    expect(noStart.body).toEqual({ badRequest: { code: 400, message: 'start_time should be supplied' } });

    const inUse = await api.call('DELETE', `/v1/${projectA}/triggers/${trigger.trigger_info.id}`, {
      token: alice,
    });
    expect(inUse.body).toEqual({
      computeFault: { code: 424, message: 'Trigger is being used by one or more operations' },
    });
    expect(
      (await api.call('DELETE', `/v1/${projectA}/scheduled_operations/${id}`, { token: alice })).status,
    ).toBe(200);
    expect(scheduler.armed.has(id)).toBe(false);
    expect(
      (await api.call('DELETE', `/v1/${projectA}/triggers/${trigger.trigger_info.id}`, { token: alice }))
        .status,
    ).toBe(200);
  });

  it('checks operation type, plan and provider of a scheduled operation', async () => {
    const trigger = (
      (await createTrigger({ format: 'crontab', pattern: '0 * * * *' })).body as {
        trigger_info: { id: string };
      }
    ).trigger_info;
    const base = {
      name: 'x',
      trigger_id: trigger.id,
      operation_definition: { provider_id: blockProvider.id, plan_id: planId },
    };
    const badType = await api.call('POST', `/v1/${projectA}/scheduled_operations`, {
      token: alice,
      body: { scheduled_operation: { ...base, operation_type: 'explode' } },
    });
    expect(badType.body).toEqual({ badRequest: { code: 400, message: 'Invalid operation type' } });
    const conflict = await api.call('POST', `/v1/${projectA}/scheduled_operations`, {
      token: alice,
      body: {
        scheduled_operation: {
          ...base,
          operation_type: 'protect',
          operation_definition: { provider_id: '11111111-2222-3333-4444-555555555555', plan_id: planId },
        },
      },
    });
    expect(conflict.body).toEqual({ badRequest: { code: 400, message: 'Provider_id is conflict' } });
    const foreignTrigger = (
      (await createTrigger({ format: 'crontab', pattern: '0 * * * *' }, bob, projectB)).body as {
        trigger_info: { id: string };
      }
    ).trigger_info;
    const foreign = await api.call('POST', `/v1/${projectA}/scheduled_operations`, {
      token: alice,
      body: { scheduled_operation: { ...base, trigger_id: foreignTrigger.id, operation_type: 'protect' } },
    });
    expect(foreign.body).toEqual({ badRequest: { code: 400, message: 'Invalid trigger id provided.' } });
    const badRetention = await api.call('POST', `/v1/${projectA}/scheduled_operations`, {
      token: alice,
      body: {
        scheduled_operation: {
          ...base,
          operation_type: 'retention_protect',
          operation_definition: { ...base.operation_definition, max_backups: 'many' },
        },
      },
    });
    expect(badRetention.status).toBe(400);
    const foreignShow = await api.call('GET', `/v1/${projectA}/triggers/${foreignTrigger.id}`, {
      token: alice,
    });
    expect(foreignShow.status).toBe(403);
  });
});
