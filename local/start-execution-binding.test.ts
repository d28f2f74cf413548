import { describe, expect, it } from 'vitest';
import { localPlaceholderValues, localStateMachineArn } from './local-workflow-values.js';
import { bindTaskStates, type ChildExecutions, type Json, TaskFailure } from './task-bindings.js';

const machineWith = (resource: string) => ({
  StartAt: 'Child',
  States: {
    Child: {
      Type: 'Task',
      Resource: resource,
      Parameters: { StateMachineArn: localStateMachineArn('protect'), 'Input.$': '$' },
      End: true,
    },
  },
});

const recording = (outcome: Awaited<ReturnType<ChildExecutions['outcome']>>) => {
  const started: { workflow: string; name: string; input: Json }[] = [];
  const executions: ChildExecutions = {
    start: async (workflow, name, input) => {
      started.push({ workflow, name, input });
    },
    outcome: async () => outcome,
  };
  return { started, executions };
};

const bind = (resource: string, executions: ChildExecutions) =>
  bindTaskStates(machineWith(resource), { tasksDir: '/nowhere', executionName: 'parent', executions })
    .Child as (input: Json) => Promise<Json>;

describe('startExecution tasks in local mode', () => {
  const input = { StateMachineArn: localStateMachineArn('protect'), Name: 'parent-protect', Input: { a: 1 } };

  it('starts the named workflow through the orchestrator and answers at once', async () => {
    const { started, executions } = recording({ status: 'SUCCEEDED', output: { status: 'available' } });
    const result = await bind('arn:aws:states:::states:startExecution', executions)(input);
    expect(started).toEqual([{ workflow: 'protect', name: 'parent-protect', input: { a: 1 } }]);
    expect(result).toMatchObject({ ExecutionArn: expect.stringContaining(':karbor-protect:parent-protect') });
    expect(result).not.toHaveProperty('Output');
  });

  it('waits with .sync:2 and hands the child output back as JSON', async () => {
    const { executions } = recording({ status: 'SUCCEEDED', output: { status: 'available' } });
    const result = await bind('arn:aws:states:::states:startExecution.sync:2', executions)(input);
    expect(result).toMatchObject({ Status: 'SUCCEEDED', Output: { status: 'available' } });
  });

  it('fails the Task as Step Functions does when the child fails', async () => {
    const { executions } = recording({ status: 'FAILED', error: 'ProtectFailed', cause: 'no room' });
    const run = bind('arn:aws:states:::states:startExecution.sync:2', executions)(input);
    await expect(run).rejects.toBeInstanceOf(TaskFailure);
    await expect(run).rejects.toMatchObject({ name: 'States.TaskFailed', message: /ProtectFailed/ });
  });

  it('refuses a state machine ARN that names no local workflow', async () => {
    const { executions } = recording({ status: 'SUCCEEDED', output: null });
    await expect(
      bind('arn:aws:states:::states:startExecution', executions)({ ...input, StateMachineArn: 'arn:x' }),
    ).rejects.toThrow(/WorkflowArn/);
  });

  it('fills ${<Workflow>WorkflowArn} placeholders with the local state machine ARN', () => {
    expect(localPlaceholderValues(['DeleteWorkflowArn'], {})).toEqual({
      DeleteWorkflowArn: localStateMachineArn('delete'),
    });
  });
});
