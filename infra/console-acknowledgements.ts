import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';
import { acknowledge, managedPolicy, wildcardAction, wildcardResource } from './nag.js';

/**
 * Findings on the CDK-provided BucketDeployment handler (a singleton function at stack level,
 * owned by aws-cdk-lib): it copies the console asset into the site bucket and invalidates the
 * distribution.
 */
export const acknowledgeBucketDeployment = (
  deployment: BucketDeployment,
  site: IBucket,
  asset: IBucket,
): void => {
  const handler = deployment.handlerRole.node.scope as IConstruct;
  acknowledge(
    handler,
    'The CDK BucketDeployment handler: runtime, DLQ and tracing are chosen by aws-cdk-lib; it runs once per deployment, synchronously from CloudFormation.',
    'AwsSolutions-L1',
    'Serverless-LambdaLatestVersion',
    'Serverless-LambdaDLQ',
    'Serverless-LambdaTracing',
  );
  acknowledge(
    handler,
    'AWSLambdaBasicExecutionRole only allows writing the handler’s CloudWatch logs.',
    managedPolicy('service-role/AWSLambdaBasicExecutionRole'),
  );
  acknowledge(
    handler,
    'Copies the console asset (read from the CDK asset bucket) over the site bucket’s objects and invalidates every path of the distribution, which takes no resource ARN.',
    wildcardResource(handler, site.arnForObjects('*')),
    wildcardResource(handler, asset.arnForObjects('*')),
    wildcardResource(handler, '*'),
    ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(wildcardAction),
  );
};
