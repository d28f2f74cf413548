import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Helpers to acknowledge cdk-nag findings exactly, one id per finding, on the construct that
 * owns the permission or resource. A finding id names the resource as the synthesized template
 * does (`<BankAAB31D7D.Arn>/index/*`), so ids are computed from the same tokens the grant used.
 */

/** The id of an AwsSolutions-IAM5 finding about a wildcard resource `arn`. */
export const wildcardResource = (scope: IConstruct, arn: string): string =>
  `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}]`;

/** The id of an AwsSolutions-IAM5 finding about a wildcard action. */
export const wildcardAction = (action: string): string => `AwsSolutions-IAM5[Action::${action}]`;

/** The id of an AwsSolutions-IAM4 finding about an AWS managed policy. */
export const managedPolicy = (name: string): string =>
  `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`;

export const acknowledge = (construct: IConstruct, reason: string, ...ids: string[]): void => {
  Validations.of(construct).acknowledge(...ids.map((id) => ({ id, reason })));
};
