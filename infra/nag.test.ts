import type { PolicyViolation } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { nagPacks } from './karbor-app.js';
import { cliEnvironment, fixtures, synthKarbor, withEnvironment } from './test-app.js';

const violations = (context: Record<string, unknown>, options = {}): string[] => {
  const { app } = synthKarbor(context, options);
  return nagPacks(app).flatMap((pack) =>
    pack
      .validateScope(app)
      .violations.flatMap((v: PolicyViolation) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
      ),
  );
};

describe('cdk-nag (AwsSolutions, Serverless)', () => {
  it('finds nothing unacknowledged in the default app', () => {
    expect(violations({})).toEqual([]);
  });

  it('finds nothing unacknowledged when the mover image is built from its Dockerfile', () => {
    expect(violations({ moverImage: undefined })).toEqual([]);
  });

  it('finds nothing unacknowledged with workflows, console, object lock and every option set', () => {
    expect(
      violations(
        {
          objectLock: 'true',
          blockPrefix: 'prod/karbor',
          openstackSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/service-AbC123',
          openstackInterface: 'internal',
          rbdBackends: 'rbd1=volumes',
          cephSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:karbor/ceph-AbC123',
        },
        fixtures,
      ),
    ).toEqual([]);
  });

  it('finds nothing unacknowledged in an app bound to an account to import a VPC', () => {
    expect(
      withEnvironment(cliEnvironment, () => violations({ vpcId: 'vpc-0123456789abcdef0' }, fixtures)),
    ).toEqual([]);
  });
});
