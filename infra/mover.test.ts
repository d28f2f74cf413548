import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  cliEnvironment,
  type PolicyStatement,
  statementsOfRole,
  synthKarbor,
  testImage,
  withEnvironment,
} from './test-app.js';

let template: Template;
beforeAll(() => {
  template = synthKarbor({ blockPrefix: 'prod/karbor' }).template;
});

const taskRoleStatements = (): PolicyStatement[] => {
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as {
    Properties: { TaskRoleArn: { 'Fn::GetAtt': [string] } };
  }[];
  return statementsOfRole(template, taskDefinition?.Properties.TaskRoleArn['Fn::GetAtt'][0] as string);
};

const resourcesOf = (statement: PolicyStatement): string[] =>
  (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map((r) =>
    JSON.stringify(r),
  );

describe('mover: task definition', () => {
  it('is a 2 vCPU / 4 GiB ARM64 Fargate task', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      Cpu: '2048',
      Memory: '4096',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
  });

  it('runs the image with an init process, a read-only root, a writable /tmp and awslogs', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'mover',
          Image: testImage,
          ReadonlyRootFilesystem: true,
          LinuxParameters: { InitProcessEnabled: true },
          MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'scratch', ReadOnly: false }],
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
          Environment: Match.arrayWith([{ Name: 'KARBOR_AUTH', Value: 'keystone' }]),
        }),
      ],
    });
  });

  it('builds the image from mover-fargate/Dockerfile when no moverImage is given', () => {
    const built = synthKarbor({ moverImage: undefined }).template;
    const [taskDefinition] = Object.values(built.findResources('AWS::ECS::TaskDefinition')) as {
      Properties: { ContainerDefinitions: { Image: unknown }[] };
    }[];
    expect(JSON.stringify(taskDefinition?.Properties.ContainerDefinitions[0]?.Image)).toContain(
      'container-assets',
    );
  });
});

describe('mover: task role', () => {
  it('reads and deletes its job under <prefix>/jobs/ and writes nothing there', () => {
    const jobStatements = taskRoleStatements().filter((s) =>
      resourcesOf(s).some((r) => r.includes('"/prod/karbor/jobs/*"')),
    );
    const actions = jobStatements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:DeleteObject*']));
    expect(actions.filter((a) => /Put|Abort/.test(a))).toEqual([]);
  });

  it('reads, writes and deletes objects only under <prefix>/projects/', () => {
    const objectStatements = taskRoleStatements().filter(
      (s) =>
        actionsOf(s).some((a) => a.startsWith('s3:') && /Object|Abort|Put/.test(a)) &&
        !resourcesOf(s).some((r) => r.includes('"/prod/karbor/jobs/*"')),
    );
    expect(objectStatements.length).toBeGreaterThan(0);
    for (const statement of objectStatements) {
      const objectResources = resourcesOf(statement).filter((r) => r.includes('/'));
      expect(objectResources.length).toBeGreaterThan(0);
      for (const resource of objectResources) expect(resource).toMatch(/"\/prod\/karbor\/projects\/\*"/);
    }
    const actions = objectStatements.flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*', 's3:Abort*']),
    );
  });

  it('lists the block bucket and uses nothing outside it, the key and the table', () => {
    const list = taskRoleStatements().filter((s) => actionsOf(s).includes('s3:List*'));
    expect(list.flatMap(resourcesOf)).toContainEqual(
      expect.stringMatching(/^\{"Fn::GetAtt":\["DataBlocks[0-9A-F]+","Arn"\]\}$/),
    );
    for (const statement of taskRoleStatements()) {
      for (const resource of resourcesOf(statement)) {
        expect(resource).toMatch(/DataBlocks|DataKey|DataBank/);
      }
    }
  });

  it('may only set the progress attribute of Bank items, and read no secret', () => {
    const dynamo = taskRoleStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0] as PolicyStatement)).toEqual(['dynamodb:UpdateItem']);
    expect(dynamo.flatMap(resourcesOf)).toEqual([
      expect.stringMatching(/^\{"Fn::GetAtt":\["DataBank[0-9A-F]+","Arn"\]\}$/),
    ]);
    expect(dynamo[0]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'progress'] },
      StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
    });
    const actions = taskRoleStatements().flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });
});

describe('mover: network and cluster', () => {
  it('has S3 and DynamoDB gateway endpoints in the new VPC', () => {
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] },
      });
    }
  });

  it('records VPC flow logs and enables container insights', () => {
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('needs an account and region to import a VPC by id', () => {
    const unset = { CDK_DEFAULT_ACCOUNT: undefined, CDK_DEFAULT_REGION: undefined };
    expect(() => withEnvironment(unset, () => synthKarbor({ vpcId: 'vpc-0123456789abcdef0' }))).toThrow(
      'context vpcId "vpc-0123456789abcdef0" needs an account and region to look the vpc up',
    );
  });

  it('imports the VPC by id instead of creating one', () => {
    const { stack, template: imported } = withEnvironment(cliEnvironment, () =>
      synthKarbor({ vpcId: 'vpc-0123456789abcdef0' }),
    );
    expect(stack.account).toBe(cliEnvironment.CDK_DEFAULT_ACCOUNT);
    imported.resourceCountIs('AWS::EC2::VPC', 0);
    imported.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    imported.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: Match.stringLikeRegexp('^vpc-') });
  });
});
