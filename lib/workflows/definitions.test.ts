import { describe, expect, it } from 'vitest';
import {
  placeholdersOf,
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
});
