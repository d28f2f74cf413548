import { ResponseType, type RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { faultNameOf } from '../lib/karbor/faults.js';

/**
 * Errors API Gateway answers itself, rendered in Karbor's fault body so the karbor client can
 * read them (`{"unauthorized": {"code": 401, "message": "..."}}`). Each type keeps its usual
 * status except MISSING_AUTHENTICATION_TOKEN, which REST APIs send for an unknown method on a
 * known path and Karbor answers with a 404 fault.
 */
const responses: readonly { type: ResponseType; id: string; status: number; message?: string }[] = [
  { type: ResponseType.UNAUTHORIZED, id: 'Unauthorized', status: 401 },
  { type: ResponseType.ACCESS_DENIED, id: 'AccessDenied', status: 403 },
  { type: ResponseType.EXPIRED_TOKEN, id: 'ExpiredToken', status: 403 },
  { type: ResponseType.INVALID_API_KEY, id: 'InvalidApiKey', status: 403 },
  { type: ResponseType.INVALID_SIGNATURE, id: 'InvalidSignature', status: 403 },
  { type: ResponseType.WAF_FILTERED, id: 'WafFiltered', status: 403 },
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    id: 'MissingAuthenticationToken',
    status: 404,
    message: 'The resource could not be found.',
  },
  { type: ResponseType.RESOURCE_NOT_FOUND, id: 'ResourceNotFound', status: 404 },
  { type: ResponseType.BAD_REQUEST_BODY, id: 'BadRequestBody', status: 400 },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, id: 'BadRequestParameters', status: 400 },
  { type: ResponseType.REQUEST_TOO_LARGE, id: 'RequestTooLarge', status: 413 },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, id: 'UnsupportedMediaType', status: 415 },
  { type: ResponseType.THROTTLED, id: 'Throttled', status: 429 },
  { type: ResponseType.QUOTA_EXCEEDED, id: 'QuotaExceeded', status: 429 },
  { type: ResponseType.INTEGRATION_TIMEOUT, id: 'IntegrationTimeout', status: 504 },
  { type: ResponseType.INTEGRATION_FAILURE, id: 'IntegrationFailure', status: 504 },
  { type: ResponseType.DEFAULT_4XX, id: 'Default4xx', status: 400 },
  { type: ResponseType.DEFAULT_5XX, id: 'Default5xx', status: 500 },
];

/** 429 has no Karbor name of its own; Karbor's rate limiting used `overLimit`. */
const faultName = (status: number): string => (status === 429 ? 'overLimit' : faultNameOf(status));

export const addKarborGatewayResponses = (api: RestApiBase): void => {
  for (const { type, id, status, message } of responses) {
    const text = message === undefined ? '$context.error.messageString' : JSON.stringify(message);
    api.addGatewayResponse(id, {
      type,
      statusCode: String(status),
      responseHeaders: { 'Content-Type': "'application/json'" },
      templates: {
        'application/json': `{"${faultName(status)}": {"code": ${status}, "message": ${text}}}`,
      },
    });
  }
};
