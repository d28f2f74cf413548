import { Arn, Aws, Stack } from 'aws-cdk-lib';
import { type IGrantable, type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IScheduleGroup, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
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
