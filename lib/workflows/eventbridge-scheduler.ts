import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ScheduledOperationRecord, TriggerRecord } from '../bank/records.js';
import { getOptionalString } from '../config/env.js';
import { stateMachineArnEnvName } from '../config/env-names.js';
import { scheduleFromProperties, toSchedulerExpression } from '../schedules/index.js';
import {
  type OperationScheduler,
  SchedulerUnavailable,
  scheduledRunInput,
  scheduleName,
  workflowOfOperation,
} from './operation-scheduler.js';

/**
 * One EventBridge Scheduler schedule per scheduled operation, in our schedule group, whose
 * target starts the operation's state machine (DESIGN §3 Schedules).
 */
export class EventBridgeOperationScheduler implements OperationScheduler {
  readonly #client: SchedulerClient;
  readonly #now: () => Date;

  constructor(options: { client?: SchedulerClient; now?: () => Date } = {}) {
    this.#client = options.client ?? new SchedulerClient({});
    this.#now = options.now ?? (() => new Date());
  }

  async arm(operation: ScheduledOperationRecord, trigger: TriggerRecord): Promise<void> {
    const group = getOptionalString('KARBOR_SCHEDULE_GROUP');
    const roleArn = getOptionalString('KARBOR_SCHEDULER_ROLE_ARN');
    const workflow = workflowOfOperation(operation.operation_type);
    const targetArn = getOptionalString(stateMachineArnEnvName(workflow));
    if (!group || !roleArn || !targetArn) {
      throw new SchedulerUnavailable(
        `scheduling needs KARBOR_SCHEDULE_GROUP, KARBOR_SCHEDULER_ROLE_ARN and the ${workflow} state machine`,
      );
    }
    const timing = toSchedulerExpression(scheduleFromProperties(trigger.properties), this.#now());
    if (timing.kind === 'exhausted') {
      await this.disarm(operation);
      return;
    }
    const input = {
      Name: scheduleName(operation),
      GroupName: group,
      ScheduleExpression: timing.expression,
      ScheduleExpressionTimezone: 'UTC',
      StartDate: timing.kind === 'cron' ? timing.startDate : undefined,
      EndDate: timing.kind === 'cron' ? timing.endDate : undefined,
      FlexibleTimeWindow: { Mode: timing.flexibleTimeWindow.mode },
      State: 'ENABLED' as const,
      ActionAfterCompletion: 'NONE' as const,
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        // the scheduler fills in the time it meant to fire: the run checks its window against it
        Input: JSON.stringify({
          ...scheduledRunInput(operation),
          occurrence: '<aws.scheduler.scheduled-time>',
        }),
        RetryPolicy: { MaximumEventAgeInSeconds: timing.maximumEventAgeSeconds, MaximumRetryAttempts: 3 },
      },
    };
    try {
      await this.#client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.#client.send(new CreateScheduleCommand(input));
    }
  }

  async disarm(operation: ScheduledOperationRecord): Promise<void> {
    const group = getOptionalString('KARBOR_SCHEDULE_GROUP');
    try {
      await this.#client.send(new DeleteScheduleCommand({ Name: scheduleName(operation), GroupName: group }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
