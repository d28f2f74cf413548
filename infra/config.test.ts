import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, readConfig } from './config.js';

const read = (context: Record<string, unknown>) =>
  readConfig({ tryGetContext: (key: string) => context[key] });

describe('deployment configuration', () => {
  it('synthesizes with defaults when no context is given', () => {
    expect(read({})).toEqual(defaultConfig);
  });

  it('parses values the cli passes as strings', () => {
    const config = read({
      openstackAuthUrl: 'https://keystone.example.com:5000/v3',
      openstackInterface: 'internal',
      objectLock: 'true',
      apiThrottleRate: '12.5',
      apiThrottleBurst: '40',
      blockPrefix: 'karbor/prod',
      vpcId: 'vpc-0123456789abcdef0',
      openstackSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/service-AbC123',
    });
    expect(config).toMatchObject({
      openstackInterface: 'internal',
      objectLock: true,
      apiThrottleRate: 12.5,
      apiThrottleBurst: 40,
      blockPrefix: 'karbor/prod',
      vpcId: 'vpc-0123456789abcdef0',
    });
  });

  it.each([
    [
      { openstackInterface: 'private' },
      /^context openstackInterface must be one of public, internal, admin, got "private"$/,
    ],
    [{ openstackAuthUrl: 'keystone:5000' }, /openstackAuthUrl must be an http\(s\) url, got "keystone:5000"/],
    [{ objectLock: 'yes' }, /objectLock must be true or false, got "yes"/],
    [{ apiThrottleRate: '-1' }, /apiThrottleRate must be a positive number, got "-1"/],
    [{ apiThrottleBurst: '2.5' }, /apiThrottleBurst must be a positive integer, got "2.5"/],
    [
      { blockPrefix: '/karbor/' },
      /blockPrefix must be a key prefix without leading or trailing \/, got "\/karbor\/"/,
    ],
    [{ vpcId: 'vpc_1' }, /vpcId must be a vpc id \(vpc-…\), got "vpc_1"/],
    [
      { openstackSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor' },
      /complete secrets manager secret arn/,
    ],
    [{ moverImage: 'bad image' }, /moverImage must be a container image reference, got "bad image"/],
  ])('rejects %j with a message showing the bad value', (context, message) => {
    expect(() => read(context)).toThrow(ConfigError);
    expect(() => read(context)).toThrow(message);
  });

  it('takes who is a cloud admin, refusing modes and project names it does not know', () => {
    expect(read({ adminScope: 'legacy', adminProject: 'cloud-admins' })).toMatchObject({
      adminScope: 'legacy',
      adminProject: 'cloud-admins',
    });
    expect(() => read({ adminScope: 'anyone' })).toThrow(/context adminScope must be one of scoped, legacy/);
    expect(() => read({ adminProject: 'admin project' })).toThrow(/context adminProject must be/);
  });

  it('takes the rbd backends of the task functions only with a Ceph secret for the mover (finding 10)', () => {
    const cephSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/ceph-AbC123';
    expect(read({ rbdBackends: 'rbd1=volumes', cephSecretArn })).toMatchObject({
      rbdBackends: 'rbd1=volumes',
      cephSecretArn,
      cephUser: 'karbor',
    });
    expect(() => read({ rbdBackends: 'rbd1=volumes' })).toThrow(
      'context rbdBackends "rbd1=volumes" needs cephSecretArn',
    );
    expect(() => read({ rbdBackends: 'rbd1', cephSecretArn })).toThrow(/context rbdBackends: .*got "rbd1"/);
    expect(() => read({ cephSecretArn: 'karbor/ceph' })).toThrow(/context cephSecretArn must be a complete/);
    expect(() => read({ cephUser: 'client karbor', cephSecretArn })).toThrow(/context cephUser must be/);
  });
});
