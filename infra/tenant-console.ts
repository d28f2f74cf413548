import { existsSync } from 'node:fs';
import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import type { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket.js';
import { acknowledgeBucketDeployment } from './console-acknowledgements.js';
import { identityBehavior, identityPathPattern } from './identity-behavior.js';
import { acknowledge } from './nag.js';

export interface TenantConsoleProps {
  /** The Karbor API, served under `/v1/*` of the console's own domain (no CORS needed). */
  readonly api: RestApiBase;
  /**
   * The built console; deployed only if the directory exists.
   * @default - nothing is uploaded (the bucket stays empty until the console is built)
   */
  readonly consoleDir?: string;
  /**
   * Keystone's auth URL; the console signs in through `/identity/v3/auth/tokens` on its own
   * origin, which this distribution forwards there.
   * @default - no identity path: the console signs in with pasted tokens only
   */
  readonly keystoneUrl?: string;
}

/**
 * The tenant console: a private bucket behind CloudFront (Origin Access Control, HTTPS only,
 * security headers), with the API on the same origin under `/v1/*` and Keystone's token
 * endpoint under `/identity/v3/auth/tokens`.
 */
export class TenantConsole extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: TenantConsoleProps) {
    super(scope, id);

    const logs = new AccessLogBucket(this, 'Logs', { aclDelivery: true });

    const site = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Karbor console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        '/v1*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
        ...(props.keystoneUrl === undefined
          ? {}
          : { [identityPathPattern]: identityBehavior(this, props.keystoneUrl) }),
      },
    });
    acknowledge(
      distribution,
      'The default *.cloudfront.net certificate cannot pin TLSv1.2; operators add a custom domain and certificate.',
      'AwsSolutions-CFR4',
    );
    acknowledge(
      distribution,
      'Tenants of an OpenStack cloud may be anywhere; no geo restriction applies.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      distribution,
      'A web ACL is a per-deployment choice (cost, rule sets); attach one per deployment.',
      'AwsSolutions-CFR2',
    );

    const consoleDir = props.consoleDir;
    if (consoleDir !== undefined && existsSync(consoleDir)) {
      const asset = new Asset(this, 'Build', { path: consoleDir });
      const deployment = new BucketDeployment(this, 'Deploy', {
        sources: [Source.bucket(asset.bucket, asset.s3ObjectKey)],
        destinationBucket: site,
        distribution,
        distributionPaths: ['/*'],
      });
      acknowledgeBucketDeployment(deployment, site, asset.bucket);
    }

    new CfnOutput(this, 'ConsoleUrl', { value: `https://${distribution.distributionDomainName}/` });
    this.distribution = distribution;
  }
}
