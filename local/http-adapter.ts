import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { BadRequest, KarborFault, NotFound } from '../lib/karbor/faults.js';
import { FaultResponder } from '../lib/karbor/http/fault-responder.js';
import { matchRoute } from '../lib/karbor/router.js';
import type { ApiGroup } from '../lib/karbor/routes.js';
import { logger } from '../lib/observability/powertools.js';

/**
 * The local stand-in for API Gateway: turns HTTP requests into REST proxy events for the
 * Lambda handler of the route's group (from the same route table), running the authorizer
 * first as API Gateway would. Nothing here knows any Karbor resource.
 */

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * A non-API path served beside the API on the same origin (the console's files, the identity
 * pass-through), as CloudFront behaviours do in AWS. Mounts are tried before the route table.
 */
export interface LocalMount {
  matches(pathname: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void>;
}

/** Returns the authorizer context, or throws a 401 fault. */
export type LocalAuthorizer = (headers: Record<string, string>) => Promise<Record<string, string>>;

export interface LocalApiOptions {
  readonly handlerFor: (group: ApiGroup) => Promise<ProxyHandler>;
  readonly authorize: LocalAuthorizer;
  /** Bodies larger than this are refused before a handler sees them (API Gateway: 10 MB). */
  readonly maxBodyBytes?: number;
  /** @default - none: only the API's routes are served */
  readonly mounts?: readonly LocalMount[];
}

const readBody = async (request: IncomingMessage, limit: number): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new KarborFault(413, 'Request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The request target as a URL. `new URL(target, base)` reads `//x` as a host and throws on
 * `//`, so an origin-form target (`/…`, however many slashes) is put behind a fixed origin;
 * an absolute-form target (`http://host/…`, allowed by RFC 9112) keeps its own path; anything
 * else (`*`, authority-form) is not a request this server serves.
 */
export const requestUrlOf = (target: string | undefined): URL => {
  const raw = target === undefined || target === '' ? '/' : target;
  try {
    if (raw.startsWith('/')) return new URL(`http://local${raw}`);
    if (/^https?:\/\//i.test(raw)) return new URL(raw);
  } catch (error) {
    throw new BadRequest('Malformed request url', { cause: error });
  }
  throw new BadRequest('Malformed request url');
};

const headersOf = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

const queryOf = (url: URL): Record<string, string[]> => {
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  return query;
};

const lambdaContext = (requestId: string): Context =>
  ({
    awsRequestId: requestId,
    functionName: 'karbor-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:karbor-local',
    memoryLimitInMB: '1024',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
  }) as Context;

const toEvent = (
  request: IncomingMessage,
  url: URL,
  body: string,
  requestId: string,
  authorizer: Record<string, string> | null,
  resource: string,
): APIGatewayProxyEvent => {
  const query = queryOf(url);
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.at(-1) as string]));
  return {
    httpMethod: request.method ?? 'GET',
    path: url.pathname,
    resource,
    headers: headersOf(request),
    multiValueHeaders: {},
    queryStringParameters: Object.keys(single).length > 0 ? single : null,
    multiValueQueryStringParameters: Object.keys(query).length > 0 ? query : null,
    pathParameters: null,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      requestId,
      path: url.pathname,
      httpMethod: request.method ?? 'GET',
      authorizer,
    } as APIGatewayProxyEvent['requestContext'],
  };
};

const send = (response: ServerResponse, result: APIGatewayProxyResult): void => {
  response.writeHead(result.statusCode, result.headers as Record<string, string>);
  response.end(result.body);
};

/** Faults the adapter raises itself (404, 401, 413) render exactly as a handler's would. */
const faults = new FaultResponder(logger);

export const createLocalApi = (options: LocalApiOptions): Server =>
  createServer(async (request, response) => {
    const requestId = randomUUID();
    try {
      const url = requestUrlOf(request.url);
      const mount = options.mounts?.find((candidate) => candidate.matches(url.pathname));
      if (mount) {
        await mount.handle(request, response, url);
        return;
      }
      const body = await readBody(request, options.maxBodyBytes ?? 10 * 1024 * 1024);
      const match = matchRoute(request.method ?? 'GET', url.pathname);
      if (match === undefined) throw new NotFound('The resource could not be found.');
      const authorizer = match.route.authenticated ? await options.authorize(headersOf(request)) : null;
      const handler = await options.handlerFor(match.route.group);
      const event = toEvent(request, url, body, requestId, authorizer, match.route.path);
      send(response, await handler(event, lambdaContext(requestId)));
    } catch (error) {
      const result = faults.respond(error, `req-${requestId}`);
      if (response.headersSent) response.destroy();
      else send(response, result);
    }
  });
