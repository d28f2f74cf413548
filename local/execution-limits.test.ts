import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { runDefinition } from './asl-runner.js';
import type { Json, TaskBinding } from './task-bindings.js';

/** Task → Choice → Wait until the task has run `rounds` times: the shape of the per-resource loop. */
const pollLoop = (
  rounds: number,
): { definition: StateMachineDefinition; bindings: Record<string, TaskBinding> } => {
  let calls = 0;
  return {
    definition: {
      StartAt: 'Poll',
      States: {
        Poll: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          ResultPath: '$.poll',
          Next: 'Ready',
        },
        Ready: {
          Type: 'Choice',
          Choices: [{ Variable: '$.poll.ready', BooleanEquals: true, Next: 'Done' }],
          Default: 'Pause',
        },
        Pause: { Type: 'Wait', Seconds: 3, Next: 'Poll' },
        Done: { Type: 'Succeed' },
      },
    } as unknown as StateMachineDefinition,
    bindings: { Poll: async () => ({ ready: ++calls >= rounds }) },
  };
};

const run = (
  machine: { definition: StateMachineDefinition; bindings: Record<string, TaskBinding> },
  limits?: { historyEvents: number; payloadBytes: number },
) =>
  runDefinition({
    ...machine,
    input: {},
    executionName: 'limits',
    stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:limits',
    stateMachineName: 'limits',
    waitTimeOverrides: { Pause: 0 },
    limits,
  });

describe('execution limits', () => {
  it('counts history events as Step Functions writes them: 9 per Task → Choice → Wait round', async () => {
    const report = await run(pollLoop(3));
    expect(report.outcome.status).toBe('SUCCEEDED');
    // started + 3 tasks (5) + 3 choices (2) + 2 waits (2) + succeed (2) + succeeded
    expect(report.historyEvents).toBe(1 + 15 + 6 + 4 + 2 + 1);
  });

  it('fails the execution once its history passes the limit', async () => {
    const report = await run(pollLoop(1_000), { historyEvents: 200, payloadBytes: 262_144 });
    expect(report.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect((report.outcome as { cause: string }).cause).toContain('maximum number of history events (200)');
  });

  it('fails with States.DataLimitExceeded past 256 KiB, which a States.ALL Catch does not catch', async () => {
    const report = await run({
      definition: {
        StartAt: 'Big',
        States: {
          Big: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            Next: 'After',
          },
          After: { Type: 'Wait', Seconds: 1, Next: 'End' },
          Caught: { Type: 'Pass', End: true },
          End: { Type: 'Pass', End: true },
        },
      } as unknown as StateMachineDefinition,
      bindings: {
        Big: async (): Promise<Json> => ({ waves: 'x'.repeat(256 * 1024) }),
      },
    });
    expect(report.outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('lets a payload just under the limit through', async () => {
    const report = await run({
      definition: {
        StartAt: 'Fits',
        States: { Fits: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
      } as unknown as StateMachineDefinition,
      bindings: { Fits: async (): Promise<Json> => ({ w: 'x'.repeat(200 * 1024) }) },
    });
    expect(report.outcome.status).toBe('SUCCEEDED');
  });
});
