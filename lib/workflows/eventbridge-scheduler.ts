import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ScheduledOperationRecord, TriggerRecord } from '../bank/records.js';
import { getOptionalString } from '../config/env.js';
import { envNames, stateMachineArnEnvName } from '../config/env-names.js';
import {
  type SchedulerExpression,
  scheduleFromProperties,
  toSchedulerExpression,
} from '../schedules/index.js';
import {
  type OperationScheduler,
  type ScheduledOperationRef,
  SchedulerUnavailable,
  scheduledRunInput,
  scheduleName,
  workflowOfOperation,
} from './operation-scheduler.js';
import type { WorkflowName } from './orchestrator.js';

/** Where schedules live and what they start; from the environment unless given. */
export interface EventBridgeSchedulerSettings {
  readonly group?: string | undefined;
  readonly roleArn?: string | undefined;
  readonly stateMachineArn: (workflow: WorkflowName) => string | undefined;
}

const settingsFromEnv = (): EventBridgeSchedulerSettings => ({
  group: getOptionalString(envNames.scheduleGroup),
  roleArn: getOptionalString(envNames.schedulerRoleArn),
  stateMachineArn: (workflow) => getOptionalString(stateMachineArnEnvName(workflow)),
});

/** What AWS writes into the target input at each invocation: the time it meant to fire. */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

/**
 * One EventBridge Scheduler schedule per scheduled operation, in our schedule group, whose
 * target starts the operation's state machine (docs/DESIGN.md §8). A crontab that maps onto
 * EventBridge's cron recurs by itself; every other trigger (calendar rules, crontabs that
 * restrict both day fields) is a one-time `at()` for its next occurrence, which the run's first
 * step moves on through `occurrenceFired`. The completed `at()` stays (ActionAfterCompletion
 * NONE) until that step updates it, so there is no race with AWS deleting it.
 */
export class EventBridgeOperationScheduler implements OperationScheduler {
  readonly #client: SchedulerClient;
  readonly #now: () => Date;
  readonly #settings: EventBridgeSchedulerSettings;

  constructor(
    options: { client?: SchedulerClient; now?: () => Date; settings?: EventBridgeSchedulerSettings } = {},
  ) {
    this.#client = options.client ?? new SchedulerClient({});
    this.#now = options.now ?? (() => new Date());
    this.#settings = options.settings ?? settingsFromEnv();
  }

  arm(operation: ScheduledOperationRecord, trigger: TriggerRecord): Promise<void> {
    return this.#schedule(operation, trigger, this.#now());
  }

  /** A recurring cron() moves on by itself: only a one-time at() is rewritten, or a spent schedule deleted. */
  occurrenceFired(
    operation: ScheduledOperationRecord,
    trigger: TriggerRecord,
    occurrence: Date,
  ): Promise<void> {
    return this.#schedule(operation, trigger, occurrence, { keepRecurring: true });
  }

  async disarm(operation: ScheduledOperationRef): Promise<void> {
    try {
      await this.#client.send(
        new DeleteScheduleCommand({ Name: scheduleName(operation), GroupName: this.#settings.group }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  async #schedule(
    operation: ScheduledOperationRecord,
    trigger: TriggerRecord,
    after: Date,
    options: { keepRecurring?: boolean } = {},
  ): Promise<void> {
    const timing = toSchedulerExpression(scheduleFromProperties(trigger.properties), this.#now(), after);
    if (timing.kind === 'exhausted') return this.disarm(operation);
    // rewriting a cron() in the minute it fired could only risk a second delivery
    if (timing.kind === 'cron' && options.keepRecurring) return;
    const input = this.#request(operation, timing);
    try {
      await this.#client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.#client.send(new CreateScheduleCommand(input));
    }
  }

  #request(
    operation: ScheduledOperationRecord,
    timing: Exclude<SchedulerExpression, { kind: 'exhausted' }>,
  ): CreateScheduleCommandInput {
    const { group, roleArn } = this.#settings;
    const workflow = workflowOfOperation(operation.operation_type);
    const targetArn = this.#settings.stateMachineArn(workflow);
    if (!group || !roleArn || !targetArn) {
      throw new SchedulerUnavailable(
        `scheduling needs ${envNames.scheduleGroup}, ${envNames.schedulerRoleArn} and the ${workflow} state machine`,
      );
    }
    return {
      Name: scheduleName(operation),
      GroupName: group,
      ScheduleExpression: timing.expression,
      ScheduleExpressionTimezone: 'UTC',
      StartDate: timing.kind === 'cron' ? timing.startDate : undefined,
      EndDate: timing.kind === 'cron' ? timing.endDate : undefined,
      FlexibleTimeWindow: { Mode: timing.flexibleTimeWindow.mode },
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        // the scheduler fills in the time it meant to fire: the run checks its window against it
        Input: JSON.stringify({ ...scheduledRunInput(operation), occurrence: scheduledTimePlaceholder }),
        RetryPolicy: { MaximumEventAgeInSeconds: timing.maximumEventAgeSeconds, MaximumRetryAttempts: 3 },
      },
    };
  }
}
