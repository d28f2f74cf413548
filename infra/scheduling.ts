import { Arn, Aws, Stack } from 'aws-cdk-lib';
import { type IGrantable, type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IScheduleGroup, Schedule, ScheduleExpression, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge, wildcardResource } from './nag.js';

/**
 * The EventBridge Scheduler side: one schedule group for all scheduled operations and the role
 * every schedule assumes, which may do nothing but start our state machines.
 */
export class Scheduling extends Construct {
  readonly group: IScheduleGroup;
  readonly role: IRole;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group');
    this.role = new Role(this, 'Role', {
      description: 'Assumed by Karbor schedules to start workflow executions',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
  }

  /** Lets schedules start executions of `stateMachine`. */
  allowStart(stateMachine: IStateMachine): void {
    stateMachine.grantStartExecution(this.role);
  }

  /** Starts `stateMachine` every day at `hourUtc`:30 UTC (the gc workflow), with our role. */
  runDaily(stateMachine: IStateMachine, hourUtc: number): void {
    if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23)
      throw new RangeError(`gc hour must be a whole hour 0-23 (UTC), got ${hourUtc}`);
    new Schedule(this, 'DailyGc', {
      description: 'Karbor: mark-and-sweep gc of the block store, daily',
      schedule: ScheduleExpression.cron({ minute: '30', hour: String(hourUtc) }),
      scheduleGroup: this.group,
      target: new StepFunctionsStartExecution(stateMachine, { role: this.role, retryAttempts: 3 }),
    });
  }

  /** Create, update, read and delete schedules in our group, handing them our role. */
  grantManage(grantee: IGrantable & IConstruct): void {
    this.group.grantReadSchedules(grantee);
    this.group.grantWriteSchedules(grantee);
    this.group.grantDeleteSchedules(grantee);
    this.role.grantPassRole(grantee.grantPrincipal);
    acknowledge(
      grantee,
      'Schedules are named per scheduled operation at run time; access is limited to our schedule group.',
      wildcardResource(grantee, this.#schedulesInGroup()),
    );
  }

  #schedulesInGroup(): string {
    // Formatted as ScheduleGroup's grants do it, so the finding id matches.
    return Arn.format(
      {
        partition: Aws.PARTITION,
        service: 'scheduler',
        resource: 'schedule',
        resourceName: `${this.group.scheduleGroupName}/*`,
      },
      Stack.of(this),
    );
  }
}
