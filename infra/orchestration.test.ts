import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedPlaceholders, placeholdersOf, readDefinition } from '../lib/workflows/definitions.js';
import { actionsOf, fixtures, statementsOfRole, synthKarbor } from './test-app.js';

let template: Template;
beforeAll(() => {
  template = synthKarbor({}, fixtures).template;
});

const logicalId = (type: string, props: Record<string, unknown> = {}): string => {
  const [id] = Object.keys(template.findResources(type, { Properties: props }));
  if (id === undefined) throw new Error(`no ${type}`);
  return id;
};

const roleStatements = (roleId: string) => statementsOfRole(template, roleId);

const stateMachineRole = () =>
  (
    template.findResources('AWS::StepFunctions::StateMachine') as Record<
      string,
      { Properties: { RoleArn: { 'Fn::GetAtt': [string] } } }
    >
  )[logicalId('AWS::StepFunctions::StateMachine')]?.Properties.RoleArn['Fn::GetAtt'][0] as string;

describe('orchestration: state machines from ASL files', () => {
  it('creates one STANDARD state machine per file, named after the stack and workflow', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'Karbor-protect',
      StateMachineType: 'STANDARD',
    });
  });

  it('substitutes every placeholder, leaving no ${ in the definition', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as {
      Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } };
    };
    const parts = machine.Properties.DefinitionString['Fn::Join'][1];
    const literal = parts.filter((part): part is string => typeof part === 'string').join('');
    expect(literal).not.toContain('${');
    const references = JSON.stringify(parts.filter((part) => typeof part !== 'string'));
    expect(references).toContain(
      logicalId('AWS::Lambda::Function', { Description: 'Karbor workflow task create-snapshot' }),
    );
    expect(references).toContain(logicalId('AWS::ECS::Cluster'));
    expect(references).toContain(logicalId('AWS::ECS::TaskDefinition'));
    expect(literal).toContain('"MaxConcurrency": 4');
  });

  it('logs every event without execution data and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('may invoke exactly its task function', () => {
    const fn = logicalId('AWS::Lambda::Function', { Description: 'Karbor workflow task create-snapshot' });
    const invoke = roleStatements(stateMachineRole()).filter((s) =>
      actionsOf(s).includes('lambda:InvokeFunction'),
    );
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0]?.Resource)).toContain(fn);
    expect(JSON.stringify(invoke[0]?.Resource).match(/"Fn::GetAtt"/g)).toHaveLength(2);
  });

  it('has the documented runTask.sync permissions and no more ECS than that', () => {
    const statements = roleStatements(stateMachineRole());
    const taskDefinition = logicalId('AWS::ECS::TaskDefinition');
    const byAction = (action: string) => statements.filter((s) => actionsOf(s).includes(action));
    expect(JSON.stringify(byAction('ecs:RunTask'))).toContain(taskDefinition);
    const passRole = JSON.stringify(byAction('iam:PassRole'));
    expect(passRole).toMatch(/MoverTaskTaskRole/);
    expect(passRole).toMatch(/MoverTaskExecutionRole/);
    for (const action of ['events:PutTargets', 'events:PutRule', 'events:DescribeRule']) {
      expect(JSON.stringify(byAction(action))).toContain(':rule/StepFunctionsGetEventsForECSTaskRule');
    }
    for (const action of ['ecs:StopTask', 'ecs:DescribeTasks']) {
      expect(JSON.stringify(byAction(action))).toContain(logicalId('AWS::ECS::Cluster'));
    }
  });

  it('may tag the task RunTask creates, as PropagateTags needs, and no other (finding 17)', () => {
    const tagging = roleStatements(stateMachineRole()).filter((s) =>
      actionsOf(s).includes('ecs:TagResource'),
    );
    expect(tagging).toHaveLength(1);
    expect(tagging[0]?.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RunTask' } });
    expect(JSON.stringify(tagging[0]?.Resource)).toContain(':task/');
    expect(JSON.stringify(tagging[0]?.Resource)).toContain(logicalId('AWS::ECS::Cluster'));
  });

  it('fails synth naming the workflow and the placeholder that has no value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'karbor-asl-'));
    writeFileSync(
      join(dir, 'broken.asl.json'),
      '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${NoSuchThing}","End":true}}}',
    );
    expect(() => synthKarbor({}, { ...fixtures, stateMachinesDir: dir })).toThrow(
      'workflow broken: no value for placeholder(s) NoSuchThing',
    );
  });

  it('fails synth when a task placeholder has no function file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'karbor-asl-'));
    writeFileSync(
      join(dir, 'gc.asl.json'),
      '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${SweepTaskArn}","End":true}}}',
    );
    expect(() => synthKarbor({}, { ...fixtures, stateMachinesDir: dir })).toThrow(
      /workflow gc: task function .*\/tasks\/sweep\.ts does not exist/,
    );
  });

  it('is tested with a fixture that uses every fixed placeholder', () => {
    const used = placeholdersOf(readDefinition(join(fixtures.stateMachinesDir, 'protect.asl.json')));
    expect(used).toEqual(expect.arrayContaining([...fixedPlaceholders]));
  });
});

describe('orchestration: schedules', () => {
  const schedulerRole = () =>
    logicalId('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });

  it('has a schedule group', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  it('lets schedules do nothing but start our state machines', () => {
    const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
    const statements = roleStatements(schedulerRole());
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement).toEqual({
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: { Ref: expect.any(String) },
      });
      expect(machines).toContain((statement.Resource as { Ref: string }).Ref);
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  it('gives task functions the state machine ARNs, the schedule group and the scheduler role', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Karbor workflow task create-snapshot',
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({
          KARBOR_STATE_MACHINE_PROTECT_ARN: Match.anyValue(),
          KARBOR_SCHEDULE_GROUP: Match.anyValue(),
          KARBOR_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [schedulerRole(), 'Arn'] },
          KARBOR_MOVER_CLUSTER_ARN: Match.anyValue(),
        }),
      },
    });
  });

  it('lets the checkpoints API start the workflows and the scheduled operations API pass the scheduler role', () => {
    const roleOf = (description: string) =>
      (
        Object.values(
          template.findResources('AWS::Lambda::Function', { Properties: { Description: description } }),
        )[0] as {
          Properties: { Role: { 'Fn::GetAtt': [string] } };
        }
      ).Properties.Role['Fn::GetAtt'][0];
    const machine = logicalId('AWS::StepFunctions::StateMachine');
    expect(roleStatements(roleOf('Karbor API: checkpoints'))).toContainEqual(
      expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machine } }),
    );
    expect(roleStatements(roleOf('Karbor API: plans')).flatMap(actionsOf)).not.toContain(
      'states:StartExecution',
    );
    expect(roleStatements(roleOf('Karbor API: scheduled-operations'))).toContainEqual(
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [schedulerRole(), 'Arn'] },
      }),
    );
  });
});
