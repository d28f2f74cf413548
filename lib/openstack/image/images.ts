import { collect, pagesByNext } from '../pagination.js';
import { type WaitOptions, waitForDeletion, waitForStatus } from '../poll.js';
import type { KeystoneSession, Query } from '../session.js';
import type { StreamResult } from '../transport.js';

/**
 * Glance v2 images: list (paginated by `next`), show, create, streaming upload, streaming and
 * ranged download, delete, waiters. Image data calls get long timeouts: headers of a large
 * download only come once Glance opened the store.
 */

export interface Image {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly owner: string;
  readonly visibility: string;
  readonly size: number | null;
  readonly checksum: string | null;
  readonly os_hash_value?: string | null;
  readonly disk_format: string | null;
  readonly container_format: string | null;
  readonly min_disk: number;
  readonly min_ram: number;
  readonly protected: boolean;
  readonly created_at: string;
  readonly [property: string]: unknown;
}

export interface CreateImageOptions {
  readonly name: string;
  readonly disk_format?: string;
  readonly container_format?: string;
  readonly visibility?: 'private' | 'public' | 'shared' | 'community';
  readonly min_disk?: number;
  readonly min_ram?: number;
  /** Extra properties (string values), e.g. karbor markers. */
  readonly properties?: Record<string, string>;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive; omit to read to the end. */
  readonly end?: number;
}

export const imageUrls = {
  list: () => '/v2/images',
  one: (id: string) => `/v2/images/${encodeURIComponent(id)}`,
  file: (id: string) => `/v2/images/${encodeURIComponent(id)}/file`,
};

export const imageFailureStatuses = ['killed', 'deleted', 'pending_delete', 'deactivated'] as const;

export const listImagePages = (session: KeystoneSession, query: Query = {}, pageSize?: number) =>
  pagesByNext<Image>(session, 'image', {
    operation: 'glance: list images',
    path: imageUrls.list(),
    query,
    key: 'images',
    ...(pageSize ? { pageSize } : {}),
  });

export const listImages = (
  session: KeystoneSession,
  query: Query = {},
  pageSize?: number,
): Promise<Image[]> => collect(listImagePages(session, query, pageSize));

export const getImage = (session: KeystoneSession, id: string): Promise<Image> =>
  session.requestJson<Image>('image', {
    operation: `glance: show image ${id}`,
    method: 'GET',
    path: imageUrls.one(id),
    expected: [200],
  });

export const createImage = (session: KeystoneSession, options: CreateImageOptions): Promise<Image> => {
  const { properties, ...fields } = options;
  return session.requestJson<Image>('image', {
    operation: `glance: create image ${options.name}`,
    method: 'POST',
    path: imageUrls.list(),
    json: { disk_format: 'raw', container_format: 'bare', ...fields, ...properties },
    expected: [201],
  });
};

/** Uploads image data (bytes or a stream, sent as it is read); the image becomes `active`. */
export const uploadImageData = async (
  session: KeystoneSession,
  id: string,
  data: Uint8Array | ReadableStream<Uint8Array>,
  timeoutMs = 3_600_000,
): Promise<void> => {
  await session.request('image', {
    operation: `glance: upload data of image ${id}`,
    method: 'PUT',
    path: imageUrls.file(id),
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
    expected: [204],
    timeoutMs,
  });
};

/**
 * Streams image data. With a range, Glance answers 206 with just those bytes; a store that
 * cannot seek answers 200 with everything, so check `status` before trusting offsets.
 */
export const downloadImageData = (
  session: KeystoneSession,
  id: string,
  range?: ByteRange,
): Promise<StreamResult> =>
  session.requestStream('image', {
    operation: `glance: download data of image ${id}${range ? ` bytes ${range.start}-${range.end ?? ''}` : ''}`,
    method: 'GET',
    path: imageUrls.file(id),
    headers: {
      accept: 'application/octet-stream',
      ...(range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
    },
    expected: range ? [200, 206] : [200],
    timeoutMs: 600_000,
  });

export const deleteImage = async (session: KeystoneSession, id: string): Promise<void> => {
  await session.request('image', {
    operation: `glance: delete image ${id}`,
    method: 'DELETE',
    path: imageUrls.one(id),
    expected: [204],
  });
};

export const waitForImage = (
  session: KeystoneSession,
  id: string,
  ready: readonly string[] = ['active'],
  options: WaitOptions = {},
): Promise<Image> =>
  waitForStatus({
    what: `glance image ${id}`,
    fetch: () => getImage(session, id),
    status: (i) => i.status,
    ready,
    failed: imageFailureStatuses.filter((s) => !ready.includes(s)),
    ...options,
  });

export const waitForImageDeleted = (session: KeystoneSession, id: string, options: WaitOptions = {}) =>
  waitForDeletion({
    what: `glance image ${id}`,
    fetch: () => getImage(session, id),
    status: (i) => i.status,
    ...options,
  });
