import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthKarbor } from './test-app.js';

describe('execution watch', () => {
  it('sends failed, timed-out and aborted executions of our state machines to the reconcile function', () => {
    const { template } = synthKarbor();
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { source: ['aws.states'] } },
    });
    const [rule] = Object.values(rules) as {
      Properties: {
        EventPattern: { detail: { status: string[]; stateMachineArn: unknown[] } };
        Targets: unknown[];
      };
    }[];
    expect(rule?.Properties.EventPattern.detail.status).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(rule?.Properties.EventPattern.detail.stateMachineArn.length).toBeGreaterThan(0);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
  });
});
