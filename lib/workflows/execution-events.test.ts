import { afterEach, describe, expect, it } from 'vitest';
import { endedExecutionOf } from './execution-events.js';

const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Karbor-protect';

describe('endedExecutionOf', () => {
  afterEach(() => {
    delete process.env.KARBOR_STATE_MACHINE_PROTECT_ARN;
  });

  it('names the workflow of one of our machines and parses its input', () => {
    process.env.KARBOR_STATE_MACHINE_PROTECT_ARN = arn;
    expect(
      endedExecutionOf({
        executionArn: `${arn.replace(':stateMachine:', ':execution:')}:run-1`,
        stateMachineArn: arn,
        status: 'ABORTED',
        input: '{"project_id":"p"}',
        error: null,
      }),
    ).toEqual({
      workflow: 'protect',
      input: { project_id: 'p' },
      status: 'ABORTED',
      error: undefined,
      cause: undefined,
      // a scheduled run named its checkpoint after its execution when it had no occurrence
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:Karbor-protect:run-1',
    });
  });

  it('ignores other machines, successes and unreadable input', () => {
    process.env.KARBOR_STATE_MACHINE_PROTECT_ARN = arn;
    expect(endedExecutionOf({ stateMachineArn: `${arn}-other`, status: 'FAILED' })).toBeUndefined();
    expect(endedExecutionOf({ stateMachineArn: arn, status: 'SUCCEEDED' })).toBeUndefined();
    expect(endedExecutionOf({ stateMachineArn: arn, status: 'FAILED', input: 'not json' })?.input).toEqual(
      {},
    );
  });
});
