import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tokenFromHeaders } from '../../auth/authorize.js';
import { BadRequest, KarborFault, NotFound } from '../faults.js';
import { matchRoute } from '../router.js';
import type { ApiRequest, ApiResult, CallerContext } from './api-types.js';
import { checkFieldSizes, checkNesting } from './body-limits.js';

/**
 * Converts between API Gateway REST proxy events and our request/result types. The local HTTP
 * adapter builds the same events, so controllers never see a difference.
 */

const lowerCaseHeaders = (event: APIGatewayProxyEvent): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
};

const queryPairs = (event: APIGatewayProxyEvent): [string, string][] => {
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    return Object.entries(multi).flatMap(([key, values]) =>
      (values ?? []).map((value): [string, string] => [key, value]),
    );
  }
  return Object.entries(event.queryStringParameters ?? {}).flatMap(([key, value]) =>
    value === undefined ? [] : [[key, value] as [string, string]],
  );
};

const decodeBody = (event: APIGatewayProxyEvent): string | undefined => {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/** The authorizer passes only strings; see functions/auth/ for the producing side. */
export const callerFromAuthorizer = (
  authorizer: Record<string, unknown> | null | undefined,
  authToken: string | undefined,
): CallerContext | undefined => {
  if (!authorizer || typeof authorizer.projectId !== 'string' || typeof authorizer.userId !== 'string')
    return undefined;
  const roles =
    typeof authorizer.roles === 'string' && authorizer.roles !== '' ? authorizer.roles.split(',') : [];
  return {
    userId: authorizer.userId,
    projectId: authorizer.projectId,
    projectName: typeof authorizer.projectName === 'string' ? authorizer.projectName : undefined,
    roles,
    isAdmin: authorizer.isAdmin === 'true' || authorizer.isAdmin === true,
    ...(authorizer.systemScope === 'true' || authorizer.systemScope === true ? { systemScope: true } : {}),
    authToken,
  };
};

const originOf = (headers: Record<string, string>): string => {
  const host = headers['x-forwarded-host'] ?? headers.host ?? '127.0.0.1';
  const scheme = headers['x-forwarded-proto']?.split(',')[0]?.trim() ?? 'http';
  return `${scheme}://${host}`;
};

/** API Gateway's `requestContext.path` carries the stage; `event.path` does not. */
const basePathOf = (event: APIGatewayProxyEvent): string => {
  const full = event.requestContext?.path;
  if (!full?.endsWith(event.path)) return '';
  return full.slice(0, full.length - event.path.length).replace(/\/$/, '');
};

/** Karbor's `osapi_max_request_body_size` (112 KiB). */
export const maxBodyBytes = 114_688;

export const toApiRequest = (event: APIGatewayProxyEvent): ApiRequest => {
  const body = decodeBody(event);
  if (body !== undefined && Buffer.byteLength(body) > maxBodyBytes)
    throw new KarborFault(413, 'Request is too large.');
  const match = matchRoute(event.httpMethod, event.path);
  if (match === undefined) throw new NotFound('The resource could not be found.');
  const headers = lowerCaseHeaders(event);
  const authToken = tokenFromHeaders(headers);
  return {
    route: match.route,
    pathParameters: match.pathParameters,
    query: queryPairs(event),
    headers,
    body,
    requestId: `req-${event.requestContext?.requestId ?? crypto.randomUUID()}`,
    origin: originOf(headers),
    basePath: basePathOf(event),
    caller: callerFromAuthorizer(event.requestContext?.authorizer, authToken),
  };
};

export const toProxyResult = (result: ApiResult, requestId: string): APIGatewayProxyResult => ({
  statusCode: result.status,
  headers: {
    'Content-Type': 'application/json',
    'x-openstack-request-id': requestId,
    ...result.headers,
  },
  body: result.body === undefined ? '' : JSON.stringify(result.body),
});

/**
 * Parses a JSON request body; Karbor treats a missing or non-JSON body as "no body". The
 * nesting is checked on the text first and field sizes right after parsing (body-limits.ts),
 * so nothing recursive ever sees a body the Bank could not store.
 */
export const parseJsonBody = (request: ApiRequest): unknown => {
  if (request.body === undefined) throw new BadRequest('Missing request body');
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().includes('application/json')) {
    throw new BadRequest('Missing request body or unsupported Content-Type; send application/json');
  }
  checkNesting(request.body);
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch (error) {
    throw new BadRequest('Malformed request body', { cause: error });
  }
  checkFieldSizes(body);
  return body;
};
