import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, synthKarbor } from './test-app.js';

/** CloudFront's managed SecurityHeadersPolicy. */
const securityHeadersPolicyId = '67f7725c-6f97-4210-82d7-5512b31e9d03';

let template: Template;
beforeAll(() => {
  template = synthKarbor().template;
});

describe('console', () => {
  it('serves index.html from a private bucket through Origin Access Control, HTTPS only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          ResponseHeadersPolicyId: securityHeadersPolicyId,
        }),
        Origins: Match.arrayWith([
          Match.objectLike({
            OriginAccessControlId: {
              'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistributionOrigin'), 'Id'],
            },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('forwards /v1 to the API on the same origin, uncached and HTTPS only', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/v1*',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: Match.arrayWith(['GET', 'PUT', 'POST', 'DELETE']),
            ResponseHeadersPolicyId: securityHeadersPolicyId,
          }),
        ],
      }),
    });
  });

  it('deploys nothing until console/dist exists', () => {
    expect(Object.keys(template.findResources('Custom::CDKBucketDeployment'))).toHaveLength(0);
  });

  it('deploys the built console and invalidates the distribution when it exists', () => {
    const built = synthKarbor({}, { consoleDir: fixtures.consoleDir }).template;
    built.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^ConsoleSite') },
    });
  });
});
