import type { ApiRequest, ApiResult } from './http/api-types.js';

/**
 * Karbor's versions document (reference §1.3): always 300, id `v1.0`, and an href that
 * contains `/data-protect/` whatever the port, which is what clients expect.
 */
export const versionsDocument = (origin: string) => ({
  versions: [{ id: 'v1.0', status: 'CURRENT', links: [{ rel: 'self', href: `${origin}/data-protect/v1/` }] }],
});

export const listVersions = async (request: ApiRequest): Promise<ApiResult> => ({
  status: 300,
  body: versionsDocument(request.origin),
});
