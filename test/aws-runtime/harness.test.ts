import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../local/task-bindings.js';
import { DeployedTemplate } from './support/deployed-template.js';
import {
  afterNodeEntrypoint,
  containerArgv,
  FargateMover,
  parseDockerfile,
} from './support/fargate-mover.js';
import { repositoryRoot } from './support/synthesized-app.js';

/** The harness's own rules, checked where they can be wrong: Docker's command merge, CloudFormation, ECS results. */

const moverArgs = ['backup', '--job-store', 's3://b/karbor', '--job-key', 'jobs/p/j'];

describe('container command as Docker builds it', () => {
  it("runs `node backup …` for 9d4ea80's image (CMD only) with a Command override (finding 2)", () => {
    const image = parseDockerfile(
      'FROM node:22 AS build\nFROM node:22-bookworm-slim\nWORKDIR /app\nCMD ["node", "/app/dist/cli.mjs"]\n',
    );
    expect(afterNodeEntrypoint(containerArgv(image, { command: moverArgs }))).toEqual(['node', ...moverArgs]);
    expect(afterNodeEntrypoint(containerArgv(image, {}))).toEqual(['node', '/app/dist/cli.mjs']);
  });

  it('runs the CLI with the arguments when the image or the task definition names it as ENTRYPOINT', () => {
    const image = parseDockerfile('FROM node:22-bookworm-slim\nENTRYPOINT ["node", "/app/dist/cli.mjs"]\n');
    const cli = ['node', '/app/dist/cli.mjs', ...moverArgs];
    expect(afterNodeEntrypoint(containerArgv(image, { command: moverArgs }))).toEqual(cli);
    const baseImage = parseDockerfile('FROM node:22-bookworm-slim\n');
    expect(
      afterNodeEntrypoint(
        containerArgv(baseImage, { entryPoint: ['node', '/app/dist/cli.mjs'], command: moverArgs }),
      ),
    ).toEqual(cli);
  });
});

describe('template resolution as CloudFormation does it', () => {
  it('resolves Ref, GetAtt, Join, Split, Select and Sub over the template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'karbor-template-'));
    const file = join(dir, 'Karbor.template.json');
    writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
          Table: { Type: 'AWS::DynamoDB::Table' },
          SubnetA: { Type: 'AWS::EC2::Subnet' },
          SubnetB: { Type: 'AWS::EC2::Subnet' },
        },
      }),
    );
    const template = new DeployedTemplate(file, { Table: 'bank-1' });
    expect(
      template.resolve({
        'Fn::Join': [',', [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }]],
      }),
    ).toBe('subnet-subneta,subnet-subnetb');
    expect(template.resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:Fn',
    );
    expect(template.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
    expect(template.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:::table/${Table}' })).toBe(
      'arn:aws:dynamodb:::table/bank-1',
    );
  });
});

describe('the built mover as an ECS task', () => {
  const mover = () => {
    const assembly = process.env.KARBOR_AWS_RUNTIME_ASSEMBLY ?? '';
    const template = DeployedTemplate.fromAssembly(assembly);
    return new FargateMover(template, {
      repositoryRoot,
      moverApp: process.env.KARBOR_AWS_RUNTIME_MOVER_APP ?? '',
      platformEnv: {},
    });
  };

  it('fails as runTask.sync does: States.TaskFailed, the task description as Cause, the exit code, no stderr', async () => {
    const fargate = mover();
    const failed = await fargate
      .runTaskSync({
        Cluster: fargate.clusterArn,
        TaskDefinition: fargate.taskDefinitionArn,
        LaunchType: 'FARGATE',
        Overrides: {
          ContainerOverrides: [{ Name: fargate.container.name, Command: ['backup', '--job-json', '{}'] }],
        },
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TaskFailure);
    expect((failed as TaskFailure).name).toBe('States.TaskFailed');
    const cause = JSON.parse((failed as TaskFailure).message) as Record<string, unknown>;
    expect(cause).toMatchObject({
      StopCode: 'EssentialContainerExited',
      StoppedReason: 'Essential container in task exited',
      Containers: [{ Name: 'mover', ExitCode: 2 }],
    });
    expect(cause).not.toHaveProperty('Stderr');
  });

  it('refuses an override for a container the task definition does not have', async () => {
    const fargate = mover();
    await expect(
      fargate.runTaskSync({
        Cluster: fargate.clusterArn,
        TaskDefinition: fargate.taskDefinitionArn,
        LaunchType: 'FARGATE',
        Overrides: { ContainerOverrides: [{ Name: 'other', Command: ['gc'] }] },
      }),
    ).rejects.toMatchObject({ name: 'ECS.InvalidParameterException' });
  });
});
