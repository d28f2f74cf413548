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
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/v1*',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: Match.arrayWith(['GET', 'PUT', 'POST', 'DELETE']),
            ResponseHeadersPolicyId: securityHeadersPolicyId,
          }),
        ]),
      }),
    });
  });

  it('forwards only /identity/v3/auth/tokens to Keystone, rewritten to its v3 auth/tokens', () => {
    const keystone = synthKarbor({ openstackAuthUrl: 'https://keystone.example.com:5000/identity' }).template;
    keystone.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/identity/v3/auth/tokens',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: Match.arrayWith(['GET', 'POST', 'DELETE']),
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
        ]),
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: 'keystone.example.com',
            OriginPath: '/identity/v3',
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', HTTPSPort: 5000 }),
          }),
        ]),
      }),
    });
    keystone.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp("request.uri = '/auth/tokens'"),
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
