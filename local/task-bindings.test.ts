import { describe, expect, it } from 'vitest';
import {
  bindTaskStates,
  longestTaskTimeoutSeconds,
  taskStatesOf,
  UnsupportedTaskError,
  withTaskTimeouts,
} from './task-bindings.js';

const task = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::ecs:runTask.sync',
  End: true,
  ...extra,
});

const machine = {
  StartAt: 'Own',
  States: {
    Own: task({ TimeoutSeconds: 5, End: undefined, Next: 'Each' }),
    Each: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Inner', States: { Inner: task() } },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Left', States: { Left: task({ TimeoutSecondsPath: '$.t' }) } }],
      End: true,
    },
  },
};

const lambdaMachine = (functionName: string) => ({
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionName },
      End: true,
    },
  },
});

describe('task bindings', () => {
  it('finds Task states inside Map item processors and Parallel branches', () => {
    expect(taskStatesOf(machine).map((state) => state.name)).toEqual(['Own', 'Inner', 'Left']);
  });

  it('gives Tasks without a timeout the longest timer Node holds and keeps the timeouts a file sets', () => {
    const timed = withTaskTimeouts(machine);
    const timeoutOf = (state: unknown) => (state as { TimeoutSeconds?: number }).TimeoutSeconds;
    expect(timeoutOf(timed.States.Own)).toBe(5);
    expect(timeoutOf(timed.States.Each.ItemProcessor.States.Inner)).toBe(longestTaskTimeoutSeconds);
    expect(timeoutOf(timed.States.Both.Branches[0]?.States.Left)).toBe(undefined);
    expect(longestTaskTimeoutSeconds * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('refuses a lambda:invoke whose FunctionName is not a task placeholder', () => {
    const lambda = lambdaMachine('arn:aws:lambda:us-east-1:123456789012:function:other');
    expect(() => bindTaskStates(lambda, { tasksDir: '/nowhere', executionName: 'e' })).toThrow(
      UnsupportedTaskError,
    );
  });

  it('refuses a lambda:invoke whose task handler file is missing', () => {
    const lambda = lambdaMachine('arn:aws:lambda:local:000000000000:function:karbor-ghost');
    expect(() => bindTaskStates(lambda, { tasksDir: '/nowhere', executionName: 'e' })).toThrow(
      /\/nowhere\/ghost\.ts is missing/,
    );
  });
});
