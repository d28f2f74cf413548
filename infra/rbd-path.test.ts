import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, statementsOfRole, synthKarbor } from './test-app.js';

/**
 * Finding 10 of issue 14: the `rbd export-diff` path can be configured on AWS: the task
 * functions learn which volumes take it (KARBOR_RBD_BACKENDS), and the mover gets a ceph.conf
 * and keyring from a secret only its execution role may read.
 */

const cephSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/ceph-AbC123';
const rbdBackends = 'rbd1=volumes,type:ceph-ssd=ssd-volumes';

interface Container {
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
}

const containerOf = (template: Template): Container => {
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as {
    Properties: { ContainerDefinitions: Container[] };
  }[];
  return taskDefinition?.Properties.ContainerDefinitions[0] as Container;
};

const environmentsOf = (template: Template, prefix: string): Record<string, unknown>[] =>
  Object.values(template.findResources('AWS::Lambda::Function')).flatMap((resource) => {
    const { Description, Environment } = (
      resource as {
        Properties: { Description?: string; Environment?: { Variables: Record<string, unknown> } };
      }
    ).Properties;
    return Description?.startsWith(prefix) ? [Environment?.Variables ?? {}] : [];
  });

const roleOf = (template: Template, property: 'TaskRoleArn' | 'ExecutionRoleArn'): string => {
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as {
    Properties: Record<string, { 'Fn::GetAtt': [string, string] }>;
  }[];
  return taskDefinition?.Properties[property]?.['Fn::GetAtt'][0] as string;
};

let plain: Template;
let rbd: Template;

beforeAll(() => {
  plain = synthKarbor().template;
  rbd = synthKarbor({ rbdBackends, cephSecretArn, cephUser: 'karbor-backup' }).template;
});

describe('rbd export-diff path on AWS (finding 10)', () => {
  it('tells every task function which volumes take the rbd path, and no API function', () => {
    const tasks = environmentsOf(rbd, 'Karbor workflow task ');
    expect(tasks.length).toBeGreaterThan(0);
    for (const variables of tasks) expect(variables.KARBOR_RBD_BACKENDS).toBe(rbdBackends);
    for (const variables of environmentsOf(rbd, 'Karbor API: '))
      expect(variables.KARBOR_RBD_BACKENDS).toBeUndefined();
  });

  it('injects the ceph.conf and keyring into the mover as task secrets and points rbd at their files', () => {
    const container = containerOf(rbd);
    expect(container.Secrets).toEqual([
      { Name: 'KARBOR_CEPH_CONF', ValueFrom: `${cephSecretArn}:conf::` },
      { Name: 'KARBOR_CEPH_KEYRING', ValueFrom: `${cephSecretArn}:keyring::` },
    ]);
    const environment = Object.fromEntries(container.Environment.map((e) => [e.Name, e.Value]));
    expect(environment.CEPH_CONF).toBe('/tmp/karbor-ceph/ceph.conf');
    expect(environment.CEPH_ARGS).toBe('--keyring /tmp/karbor-ceph/keyring --id karbor-backup');
    // the secrets' text never sits in the task definition
    expect(JSON.stringify(container.Environment)).not.toContain('KARBOR_CEPH_KEYRING');
  });

  it('lets only the execution role read the Ceph secret, and only that secret', () => {
    const reads = (role: string) =>
      statementsOfRole(rbd, role).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    const execution = reads(roleOf(rbd, 'ExecutionRoleArn'));
    expect(execution.length).toBeGreaterThan(0);
    for (const statement of execution) {
      expect(actionsOf(statement).sort()).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
      expect(JSON.stringify(statement.Resource)).toContain(cephSecretArn);
    }
    expect(reads(roleOf(rbd, 'TaskRoleArn'))).toEqual([]);
  });

  it('configures none of it by default', () => {
    for (const variables of environmentsOf(plain, 'Karbor'))
      expect(variables.KARBOR_RBD_BACKENDS).toBeUndefined();
    const container = containerOf(plain);
    expect(container.Secrets).toBeUndefined();
    expect(container.Environment.map((e) => e.Name)).not.toContain('CEPH_CONF');
  });
});
