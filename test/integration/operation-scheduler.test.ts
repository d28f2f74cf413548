import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateScheduleGroupCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { type Bank, createBank } from '../../lib/bank/bank.js';
import type { ScheduledOperationRecord } from '../../lib/bank/records.js';
import { nextSchedulerFire, parseSchedulerExpression } from '../../lib/schedules/index.js';
import {
  EventBridgeOperationScheduler,
  type EventBridgeSchedulerSettings,
  scheduledTimePlaceholder,
} from '../../lib/workflows/eventbridge-scheduler.js';
import { scheduleName, workflowOfOperation } from '../../lib/workflows/operation-scheduler.js';
import type { ScheduledRunInput } from '../../lib/workflows/protect/scheduled-protect.js';
import { describeOperationSchedulerConformance } from '../../lib/workflows/scheduler-conformance.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';
import { LocalOperationScheduler, type SchedulerTimers } from '../../local/local-scheduler.js';
import { checkScheduleRequests } from '../support/scheduler-api-shape.js';

/**
 * The scheduler port's suite on both adapters: the local in-process scheduler with a
 * hand-driven clock, and EventBridge Scheduler on the emulated Scheduler API (moto here;
 * LocalStack or AWS through AWS_ENDPOINT_URL), behind a check of every request against the
 * API's documented shape, since moto accepts anything and fires nothing.
 */

const testBank = async (): Promise<Bank> => {
  const tableName = `bank-${randomUUID()}`;
  const client = new DynamoDBClient({});
  await ensureBankTable(client, tableName);
  return createBank({ client, tableName });
};

describeOperationSchedulerConformance('local timers', async () => {
  const bank = await testBank();
  let clock = new Date(0);
  const pending = new Map<string, { at: Date; fire: () => Promise<void> }>();
  const timers: SchedulerTimers = {
    set: (key, at, fire) => pending.set(key, { at, fire }),
    clear: (key) => pending.delete(key),
  };
  const started: { workflow: string; input: Readonly<Record<string, unknown>> }[] = [];
  const orchestrator = {
    start: async (workflow: string, _name: string, input: Readonly<Record<string, unknown>>) => {
      started.push({ workflow, input });
    },
  };
  const scheduler = new LocalOperationScheduler(
    () => orchestrator,
    () => bank,
    { now: () => clock, timers },
  );
  return {
    scheduler,
    bank,
    setClock: (now) => {
      clock = now;
    },
    nextFire: async (operation) => pending.get(operation.id)?.at,
    isArmed: async (operation) => pending.has(operation.id),
    fire: async (operation, now) => {
      const timer = pending.get(operation.id);
      if (!timer) return undefined;
      clock = now;
      const before = started.length;
      await timer.fire();
      const run = started[before];
      if (run?.workflow !== workflowOfOperation(operation.operation_type)) return undefined;
      return run.input as unknown as ScheduledRunInput;
    },
    requestProblems: () => [],
    cleanup: async () => scheduler.stop(),
  };
});

/** What AWS would do with the schedule it holds: fire it when its expression says, with this input. */
class EmulatedSchedulerService {
  readonly #client: SchedulerClient;
  readonly #settings: EventBridgeSchedulerSettings;
  readonly #lastFired = new Map<string, Date>();
  /** when (by the test's clock) each schedule was last written: a cron fires at matches after that */
  readonly #written = new Map<string, Date>();

  constructor(client: SchedulerClient, settings: EventBridgeSchedulerSettings, clock: () => Date) {
    this.#client = client;
    this.#settings = settings;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (
          context.commandName === 'CreateScheduleCommand' ||
          context.commandName === 'UpdateScheduleCommand'
        )
          this.#written.set((args.input as { Name: string }).Name, clock());
        return result;
      },
      { step: 'initialize', name: 'recordScheduleWrites' },
    );
  }

  async read(operation: ScheduledOperationRecord): Promise<GetScheduleCommandOutput | undefined> {
    try {
      return await this.#client.send(
        new GetScheduleCommand({ Name: scheduleName(operation), GroupName: this.#settings.group }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async nextFire(operation: ScheduledOperationRecord): Promise<Date | undefined> {
    const schedule = await this.read(operation);
    if (schedule?.State !== 'ENABLED') return undefined;
    if (schedule.ScheduleExpressionTimezone !== 'UTC') throw new Error('occurrences are computed in UTC');
    return nextSchedulerFire(
      parseSchedulerExpression(schedule.ScheduleExpression ?? ''),
      [this.#lastFired.get(operation.id), this.#written.get(scheduleName(operation))].reduce<Date>(
        (latest, t) => (t && t > latest ? t : latest),
        new Date(0),
      ),
      { startDate: schedule.StartDate, endDate: schedule.EndDate },
    );
  }

  /** The target's input as AWS delivers it, or undefined when nothing fires or the event is too old. */
  async fire(operation: ScheduledOperationRecord, now: Date): Promise<ScheduledRunInput | undefined> {
    const at = await this.nextFire(operation);
    const target = (await this.read(operation))?.Target;
    if (!at || !target) return undefined;
    this.#lastFired.set(operation.id, at);
    const maximumAge = target.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400;
    if (now.getTime() - at.getTime() > maximumAge * 1000) return undefined;
    const workflow = workflowOfOperation(operation.operation_type);
    if (target.Arn !== this.#settings.stateMachineArn(workflow) || target.RoleArn !== this.#settings.roleArn)
      throw new Error(`the schedule of ${operation.id} targets ${target.Arn} as ${target.RoleArn}`);
    const scheduledTime = `${at.toISOString().slice(0, 19)}Z`;
    return JSON.parse((target.Input ?? '{}').replaceAll(scheduledTimePlaceholder, scheduledTime));
  }
}

describeOperationSchedulerConformance('EventBridge Scheduler (moto)', async () => {
  const bank = await testBank();
  const client = new SchedulerClient({});
  const requestProblems = checkScheduleRequests(client);
  const group = `karbor-test-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateScheduleGroupCommand({ Name: group }));
  const settings: EventBridgeSchedulerSettings = {
    group,
    roleArn: 'arn:aws:iam::123456789012:role/karbor-scheduler',
    stateMachineArn: (workflow) => `arn:aws:states:us-east-1:123456789012:stateMachine:karbor-${workflow}`,
  };
  let clock = new Date(0);
  const scheduler = new EventBridgeOperationScheduler({ client, now: () => clock, settings });
  const service = new EmulatedSchedulerService(client, settings, () => clock);
  return {
    scheduler,
    bank,
    setClock: (now) => {
      clock = now;
    },
    nextFire: (operation) => service.nextFire(operation),
    isArmed: async (operation) => (await service.read(operation)) !== undefined,
    fire: (operation, now) => {
      clock = now;
      return service.fire(operation, now);
    },
    requestProblems,
    cleanup: async () => {
      await client.send(new DeleteScheduleGroupCommand({ Name: group })).catch(() => undefined);
      client.destroy();
    },
  };
});
