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

type NextPath = (body: Record<string, unknown>, items: readonly unknown[]) => string | undefined;

/** Yields every page's items until `nextPath` finds no further page. */
async function* pages<T>(
  session: KeystoneSession,
  service: string,
  request: ListRequest,
  nextPath: NextPath,
): AsyncGenerator<T[]> {
  let path: string | undefined = request.path;
  let query: Query | undefined = { ...request.query, limit: request.pageSize };
  let first = true;
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
    // a full last page still gets a next link; the page after it is empty
    if (items.length === 0 && !first) return;
    yield items;
    first = false;
    path = nextPath(body, items);
    query = undefined; // the next link carries limit and marker
  }
}

/** Yields every page's items, following `*_links` (Nova, Cinder, Neutron). */
export const pagesByLinks = <T>(
  session: KeystoneSession,
  service: string,
  request: ListRequest,
): AsyncGenerator<T[]> =>
  pages<T>(session, service, request, (body, items) =>
    items.length > 0 ? nextLink(body[request.linksKey ?? `${request.key}_links`]) : undefined,
  );

/** Yields every page's items, following Glance's `next`. */
export const pagesByNext = <T>(
  session: KeystoneSession,
  service: string,
  request: ListRequest,
): AsyncGenerator<T[]> =>
  pages<T>(session, service, request, (body) => (typeof body.next === 'string' ? body.next : undefined));

export const collect = async <T>(pages: AsyncGenerator<T[]>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
};
