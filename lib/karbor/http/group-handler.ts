import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger } from '../../observability/powertools.js';
import { KarborFault, NotFound } from '../faults.js';
import type { ApiGroup } from '../routes.js';
import { toApiRequest, toProxyResult } from './api-event.js';
import type { GroupControllers } from './api-types.js';
import { karborFaults } from './fault-responder.js';

/**
 * Builds the Lambda handler of one API group. Services (Bank repositories, providers, the
 * orchestrator) are created lazily once per cold start and reused across invocations.
 */
export const createGroupHandler = <S>(
  group: ApiGroup,
  controllers: GroupControllers<S>,
  createServices: () => S,
) => {
  let services: S | undefined;

  const dispatch = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    const request = toApiRequest(event);
    if (request.route.group !== group) throw new NotFound('The resource could not be found.');
    if (request.route.action === 'action') throw new KarborFault(400, 'There is no such action');
    const controller = controllers[request.route.action];
    if (controller === undefined) throw new NotFound('The resource could not be found.');
    services ??= createServices();
    logger.appendKeys({
      requestId: request.requestId,
      route: `${request.route.method} ${request.route.path}`,
    });
    const result = await controller(request, services);
    return toProxyResult(result, request.requestId);
  };

  return middy(dispatch)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(karborFaults(logger));
};
