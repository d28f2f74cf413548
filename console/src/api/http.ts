import { ApiError, faultMessage } from './api-error.js';

/** One JSON request on the console's own origin; every failure becomes an ApiError. */

export const requestIdHeader = 'x-openstack-request-id';

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface JsonResponse<T> {
  readonly body: T;
  readonly headers: Headers;
}

export type Fetch = typeof fetch;

const parse = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export const requestJson = async <T>(fetchImpl: Fetch, request: JsonRequest): Promise<JsonResponse<T>> => {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, undefined, undefined, { cause: error });
  }
  const body = parse(await response.text());
  const requestId = response.headers.get(requestIdHeader) ?? undefined;
  if (!response.ok) throw new ApiError(response.status, faultMessage(body), requestId);
  return { body: body as T, headers: response.headers };
};
