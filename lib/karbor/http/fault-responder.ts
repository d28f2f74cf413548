import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { toFault } from '../faults.js';
import { toProxyResult } from './api-event.js';

/**
 * Renders anything a controller throws as Karbor's fault body. Client errors keep their
 * message; server errors are logged with their cause and answered with a generic message.
 * Usable without middy: `respond(error, requestId)`.
 */
export class FaultResponder {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  respond(error: unknown, requestId: string): APIGatewayProxyResult {
    const fault = toFault(error);
    if (fault.status >= 500) this.#logger.error('request failed', { requestId, error: fault.cause ?? error });
    else this.#logger.info('request refused', { requestId, status: fault.status, reason: fault.message });
    return toProxyResult({ status: fault.status, body: fault.toJSON(), headers: fault.headers }, requestId);
  }
}

export const karborFaults = (logger: Logger): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => {
  const responder = new FaultResponder(logger);
  return {
    onError: async (request) => {
      const requestId = `req-${request.event.requestContext?.requestId ?? crypto.randomUUID()}`;
      request.response = responder.respond(request.error, requestId);
    },
  };
};
