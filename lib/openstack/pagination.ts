import type { KeystoneSession, Query } from './session.js';

/**
 * Pagination in each service's own style. Nova, Cinder and Neutron answer a page with
 * `<key>_links: [{rel: "next", href}]` (marker in the href); Glance with a `next` path relative
 * to its endpoint. Both are followed until the service stops sending a next link.
 */

interface Link {
  readonly rel: string;
  readonly href: string;
}

export interface ListRequest {
  readonly operation: string;
  readonly path: string;
  readonly query?: Query;
  /** Key of the item array, e.g. "servers"; links are `<key>_links` unless `linksKey` is set. */
  readonly key: string;
  readonly linksKey?: string;
  /** Page size to ask for; the service's own maximum applies when unset. */
  readonly pageSize?: number;
  readonly microversion?: string;
}

const nextLink = (links: unknown): string | undefined =>
  Array.isArray(links) ? (links as Link[]).find((l) => l.rel === 'next')?.href : undefined;

/** Yields every page's items, following `*_links` (Nova, Cinder, Neutron). */
export async function* pagesByLinks<T>(
  session: KeystoneSession,
  service: string,
  request: ListRequest,
): AsyncGenerator<T[]> {
  let path: string | undefined = request.path;
  let query: Query | undefined = { ...request.query, limit: request.pageSize };
  while (path) {
    const body: Record<string, unknown> = await session.requestJson(service, {
      operation: request.operation,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      expected: [200],
      ...(request.microversion ? { microversion: request.microversion } : {}),
    });
    const items = (body[request.key] ?? []) as T[];
    yield items;
    const next = nextLink(body[request.linksKey ?? `${request.key}_links`]);
    path = items.length > 0 ? next : undefined;
    query = undefined; // the next link carries limit and marker
  }
}

/** Yields every page's items, following Glance's `next`. */
export async function* pagesByNext<T>(
  session: KeystoneSession,
  service: string,
  request: ListRequest,
): AsyncGenerator<T[]> {
  let path: string | undefined = request.path;
  let query: Query | undefined = { ...request.query, limit: request.pageSize };
  while (path) {
    const body: Record<string, unknown> = await session.requestJson(service, {
      operation: request.operation,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      expected: [200],
    });
    yield (body[request.key] ?? []) as T[];
    path = typeof body.next === 'string' ? body.next : undefined;
    query = undefined;
  }
}

export const collect = async <T>(pages: AsyncGenerator<T[]>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
};
