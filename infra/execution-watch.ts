import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stateMachineArnEnvName } from '../lib/config/env-names.js';
import { type Backend, grantBank } from './backend.js';
import { KarborFunction } from './karbor-function.js';
import { acknowledge } from './nag.js';

export interface ExecutionWatchProps {
  readonly backend: Backend;
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  /** `functions/events/execution-ended.ts` */
  readonly entry: string;
}

/**
 * Behind every workflow's own Catch paths: an EventBridge rule on executions of our state
 * machines that ended FAILED, TIMED_OUT or ABORTED invokes a function that moves what they
 * worked on out of `protecting`, `deleting` or `in_progress` (lib/workflows/reconcile.ts).
 */
export class ExecutionWatch extends Construct {
  constructor(scope: Construct, id: string, props: ExecutionWatchProps) {
    super(scope, id);
    const machines = [...props.stateMachines.entries()];
    const fn = new KarborFunction(this, 'Reconcile', {
      entry: props.entry,
      description: 'Karbor: repairs objects left running by a failed workflow execution',
      timeout: Duration.seconds(60),
      environment: {
        KARBOR_TABLE_NAME: props.backend.table.tableName,
        ...Object.fromEntries(
          machines.map(([name, machine]) => [stateMachineArnEnvName(name), machine.stateMachineArn]),
        ),
      },
    });
    grantBank(props.backend.table, fn);
    if (machines.length === 0) return;
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      'This queue is itself the dead-letter queue of the reconcile target; a redrive queue behind it would only move the same events again.',
      'AwsSolutions-SQS3',
      'Serverless-SQSRedrivePolicy',
    );
    new Rule(this, 'ExecutionEnded', {
      description: 'Karbor workflow executions that ended without success',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: machines.map(([, machine]) => machine.stateMachineArn),
        },
      },
      targets: [
        new LambdaFunction(fn, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
