import { describe, expect, it } from 'vitest';
import {
  placeholdersOf,
  startedWorkflows,
  substituteDefinition,
  taskFunctionName,
  workflowOfPlaceholder,
} from './definitions.js';

describe('state-machine definitions', () => {
  const definition =
    '{"Resource":"${ProtectFunctionArn}","Cluster":"${MoverClusterArn}","Again":"${ProtectFunctionArn}"}';

  it('lists each placeholder once, sorted', () => {
    expect(placeholdersOf(definition)).toEqual(['MoverClusterArn', 'ProtectFunctionArn']);
  });

  it('substitutes every occurrence', () => {
    expect(
      JSON.parse(substituteDefinition(definition, { ProtectFunctionArn: 'arn:f', MoverClusterArn: 'arn:c' })),
    ).toEqual({
      Resource: 'arn:f',
      Cluster: 'arn:c',
      Again: 'arn:f',
    });
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => substituteDefinition(definition, { ProtectFunctionArn: 'arn:f' })).toThrow(
      /MoverClusterArn/,
    );
  });

  it('names the task function file of a task placeholder in kebab-case', () => {
    expect(taskFunctionName('SnapshotVolumeTaskArn')).toBe('snapshot-volume');
    expect(taskFunctionName('Gc2TaskArn')).toBe('gc2');
  });

  it('names the workflow of a workflow placeholder', () => {
    expect(workflowOfPlaceholder('DeleteWorkflowArn')).toBe('delete');
    expect(workflowOfPlaceholder('ProtectWorkflowArn')).toBe('protect');
    expect(workflowOfPlaceholder('DeleteCheckpointTaskArn')).toBeUndefined();
    expect(workflowOfPlaceholder('WorkflowArn')).toBeUndefined();
  });

  it('names no task function for the fixed placeholders', () => {
    expect(taskFunctionName('MoverClusterArn')).toBeUndefined();
    expect(taskFunctionName('TaskArn')).toBeUndefined();
  });

  it('reads which workflows a definition starts and which it waits for', () => {
    const definition = JSON.stringify({
      StartAt: 'A',
      States: {
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: '${ProtectWorkflowArn}', 'Input.$': '$' },
          Next: 'B',
        },
        B: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'C',
            States: {
              C: {
                Type: 'Task',
                Resource: 'arn:aws:states:::states:startExecution',
                Parameters: { StateMachineArn: '${DeleteWorkflowArn}' },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    expect(startedWorkflows(definition)).toEqual([
      { workflow: 'delete', sync: false },
      { workflow: 'protect', sync: true },
    ]);
  });

  it('refuses a startExecution Task whose state machine is not a workflow placeholder', () => {
    const definition = JSON.stringify({
      States: {
        A: { Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: 'x' } },
      },
    });
    expect(() => startedWorkflows(definition)).toThrow(/WorkflowArn/);
  });
});
