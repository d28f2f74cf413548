import type { Method, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { acknowledge, managedPolicy } from './nag.js';

/** The API's cdk-nag findings and why each is accepted. */
export const acknowledgeApi = (api: RestApi, publicMethods: readonly Method[]): void => {
  acknowledge(
    api,
    'Callers authenticate with Keystone tokens (X-Auth-Token) through the REQUEST authorizer, as every OpenStack client does; Cognito has no part in it.',
    'AwsSolutions-COG4',
  );
  acknowledge(
    api,
    'Each group function validates bodies against the Karbor JSON schemas and answers Karbor faults; API Gateway validation would answer in its own format.',
    'AwsSolutions-APIG2',
  );
  acknowledge(
    api,
    'A web ACL is a per-deployment choice (cost, rule sets); stage throttling is always on.',
    'AwsSolutions-APIG3',
  );
  acknowledge(
    api,
    'AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for its account-level logging role.',
    managedPolicy('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
  );
  for (const method of publicMethods) {
    acknowledge(
      method,
      'Karbor serves the versions document without authentication; this method answers only that document or a Karbor 404 fault and touches no data.',
      'AwsSolutions-APIG4',
      'AwsSolutions-COG4',
    );
  }
};
