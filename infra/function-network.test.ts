import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGroups } from '../lib/karbor/routes.js';
import { cliEnvironment, synthKarbor, withEnvironment } from './test-app.js';

/**
 * Finding 5 of issue 14: with `vpcId` (OpenStack behind a VPN in that VPC) every function
 * that calls OpenStack runs in the VPC's private subnets, as the mover does.
 */

interface FunctionProperties {
  readonly Description?: string;
  readonly VpcConfig?: { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
}

const functionsOf = (template: Template): Map<string, FunctionProperties> =>
  new Map(
    Object.values(template.findResources('AWS::Lambda::Function')).flatMap((resource) => {
      const properties = (resource as { Properties: FunctionProperties }).Properties;
      return properties.Description?.startsWith('Karbor') ? [[properties.Description, properties]] : [];
    }),
  );

/** Functions that call Keystone or the OpenStack APIs. */
const callsOpenStack = (description: string): boolean =>
  description === 'Karbor Keystone token authorizer' ||
  description.startsWith('Karbor workflow task ') ||
  (description.startsWith('Karbor API: ') && description !== 'Karbor API: versions');

let plain: Template;
let inVpc: Template;

beforeAll(() => {
  plain = synthKarbor().template;
  inVpc = withEnvironment(cliEnvironment, () => synthKarbor({ vpcId: 'vpc-0123456789abcdef0' })).template;
});

describe('function network (finding 5)', () => {
  it('puts no function in a VPC without vpcId', () => {
    const functions = functionsOf(plain);
    expect(functions.size).toBeGreaterThan(apiGroups.length);
    for (const [description, fn] of functions) expect(fn.VpcConfig, description).toBeUndefined();
  });

  it('with vpcId runs the authorizer, the API and every task function in the mover subnets with one security group', () => {
    const functions = functionsOf(inVpc);
    const calling = [...functions].filter(([description]) => callsOpenStack(description));
    expect(calling.length).toBeGreaterThanOrEqual(apiGroups.length + 13);
    const [securityGroupId] = Object.keys(
      inVpc.findResources('AWS::EC2::SecurityGroup', {
        Properties: { GroupDescription: 'Karbor functions that call OpenStack: outbound only' },
      }),
    );
    expect(securityGroupId).toBeDefined();
    const subnetsOfMover = JSON.stringify(
      Object.values(inVpc.findResources('AWS::StepFunctions::StateMachine')).map(
        (machine) => (machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString,
      ),
    );
    expect(subnetsOfMover).toContain('ecs:runTask');
    for (const [description, fn] of calling) {
      expect(fn.VpcConfig, description).toBeDefined();
      expect(JSON.stringify(fn.VpcConfig?.SecurityGroupIds), description).toContain(`"${securityGroupId}"`);
      expect(fn.VpcConfig?.SubnetIds.length, description).toBeGreaterThan(0);
      for (const subnet of fn.VpcConfig?.SubnetIds ?? []) {
        // the same private subnets the workflows start the mover in (${MoverSubnetIds})
        expect(subnetsOfMover, description).toContain(String(subnet));
      }
    }
  });

  it('keeps functions that never call OpenStack out of the VPC', () => {
    const functions = functionsOf(inVpc);
    for (const [description, fn] of functions) {
      if (!callsOpenStack(description)) expect(fn.VpcConfig, description).toBeUndefined();
    }
  });

  it('opens no inbound port on the functions security group', () => {
    const groups = inVpc.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: 'Karbor functions that call OpenStack: outbound only' },
    });
    for (const group of Object.values(groups)) {
      const properties = (group as { Properties: { SecurityGroupIngress?: unknown[] } }).Properties;
      expect(properties.SecurityGroupIngress ?? []).toEqual([]);
    }
    expect(Object.keys(inVpc.findResources('AWS::EC2::SecurityGroupIngress'))).toEqual([]);
  });
});
