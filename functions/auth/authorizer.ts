import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

/** Replaced by the Keystone/noauth authorizer (issue 3); until then every request is denied. */
export const handler = async (
  _event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  throw new Error('Unauthorized');
};
