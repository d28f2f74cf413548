import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorize } from '../../lib/auth/authorize.js';
import { createKeystoneValidator } from '../../lib/auth/keystone-validator.js';
import { authModeFromEnv, validatorFor } from '../../lib/auth/validator-from-env.js';
import { KarborFault } from '../../lib/karbor/faults.js';
import { logger } from '../../lib/observability/powertools.js';

const validator = validatorFor(authModeFromEnv(), createKeystoneValidator);

/**
 * Allows the whole stage: the decision is about the token, not the route (API Gateway caches
 * none, infra/api.ts; handlers check the path's project against the caller's).
 */
const stageWildcard = (methodArn: string): string => {
  const [arnPrefix, apiId, stage] = methodArn.split('/');
  return `${arnPrefix}/${apiId}/${stage}/*`;
};

export const handler = async (
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  try {
    const context = await authorize(validator, event.headers ?? {});
    return {
      principalId: context.userId,
      context,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) },
        ],
      },
    };
  } catch (error) {
    if (error instanceof KarborFault && error.status === 401) throw new Error('Unauthorized');
    logger.error('token validation failed', { error });
    throw error;
  }
};
