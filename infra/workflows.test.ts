import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowFiles } from '../lib/workflows/definitions.js';
import { actionsOf, fixtures, type PolicyStatement, statementsOfRole, synthKarbor } from './test-app.js';

/** The real statemachines/ and functions/tasks/, synthesized: what `cdk deploy` would create. */

let template: Template;
beforeAll(() => {
  template = synthKarbor({}, { consoleDir: fixtures.consoleDir }).template;
});

interface MachineResource {
  Properties: {
    StateMachineName: string;
    DefinitionString: { 'Fn::Join': [string, unknown[]] } | string;
    RoleArn: { 'Fn::GetAtt': [string, string] };
  };
}

const machines = (): Map<string, { id: string; resource: MachineResource }> =>
  new Map(
    Object.entries(
      template.findResources('AWS::StepFunctions::StateMachine') as Record<string, MachineResource>,
    ).map(([id, resource]) => [
      resource.Properties.StateMachineName.replace(/^Karbor-/, ''),
      { id, resource },
    ]),
  );

const machine = (workflow: string) => {
  const found = machines().get(workflow);
  if (!found) throw new Error(`no state machine for ${workflow}`);
  return found;
};

const statementsOf = (workflow: string): PolicyStatement[] =>
  statementsOfRole(template, machine(workflow).resource.Properties.RoleArn['Fn::GetAtt'][0]);

const withAction = (statements: PolicyStatement[], action: string) =>
  statements.filter((s) => actionsOf(s).includes(action));

const text = (value: unknown): string => JSON.stringify(value);

const resourcesOf = (statement: PolicyStatement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

describe('workflows: every statemachines/*.asl.json deployed', () => {
  it('has one state machine per file, with every placeholder substituted', () => {
    const names = workflowFiles().map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['delete', 'gc', 'protect', 'retention', 'verify']));
    for (const name of names) {
      const definition = machine(name).resource.Properties.DefinitionString;
      const literal =
        typeof definition === 'string'
          ? definition
          : definition['Fn::Join'][1].filter((part): part is string => typeof part === 'string').join('');
      expect(literal, name).not.toContain('${');
    }
  });

  it('lets retention start exactly the protect (waiting for it) and delete state machines', () => {
    const statements = statementsOf('retention');
    const start = withAction(statements, 'states:StartExecution');
    for (const s of start) expect(actionsOf(s)).toEqual(['states:StartExecution']);
    const targets = start.flatMap(resourcesOf).map(text).sort();
    expect(targets).toHaveLength(2);
    expect(targets[0]).toMatch(/":stateMachine:Karbor-delete"/);
    expect(targets[1]).toMatch(/":stateMachine:Karbor-protect"/);
    const describe = withAction(statements, 'states:DescribeExecution');
    expect(describe).toHaveLength(1);
    expect(actionsOf(describe[0] as PolicyStatement).sort()).toEqual([
      'states:DescribeExecution',
      'states:StopExecution',
    ]);
    expect(text(describe[0]?.Resource)).toMatch(/:execution:.*protect:\*/);
    expect(text(describe[0]?.Resource)).not.toContain('delete');
    expect(text(withAction(statements, 'events:PutRule'))).toContain(
      'rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
    );
  });

  it('lets no other workflow start executions', () => {
    for (const name of ['protect', 'delete', 'verify'])
      expect(withAction(statementsOf(name), 'states:StartExecution'), name).toEqual([]);
  });

  it('lets gc start only its own next page', () => {
    const starts = withAction(statementsOf('gc'), 'states:StartExecution');
    expect(starts).toHaveLength(1);
    const resource = text(starts[0]?.Resource);
    expect(resource).toMatch(/gc/i);
    for (const other of ['protect', 'restore', 'delete', 'verify', 'retention'])
      expect(resource.toLowerCase()).not.toContain(other);
  });

  it('gives the scheduler role StartExecution on protect, retention and gc only', () => {
    const scheduler = Object.keys(
      template.findResources('AWS::IAM::Role', {
        Properties: {
          AssumeRolePolicyDocument: Match.objectLike({
            Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
          }),
        },
      }),
    )[0] as string;
    const statements = statementsOfRole(template, scheduler);
    const allowed = ['protect', 'retention', 'gc'].map((w) => machine(w).id).sort();
    const refs = statements.flatMap((s) => {
      expect(actionsOf(s)).toEqual(['states:StartExecution']);
      return resourcesOf(s).map((r) => (r as { Ref: string }).Ref);
    });
    expect([...new Set(refs)].sort()).toEqual(allowed);
  });

  it('runs gc daily through the scheduler role', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 3 * * ? *)',
      Target: Match.objectLike({ Arn: { Ref: machine('gc').id } }),
    });
  });

  it('gives task functions write and delete on mover jobs under <prefix>/jobs/', () => {
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: 'Karbor workflow task prepare-gc' },
      }),
    )[0] as { Properties: { Role: { 'Fn::GetAtt': [string] } } };
    const statements = statementsOfRole(template, fn.Properties.Role['Fn::GetAtt'][0]);
    const jobs = statements.filter((s) => text(s.Resource).includes('/karbor/jobs/*'));
    expect(jobs.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject*']));
  });
});
