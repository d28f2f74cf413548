import { collect, pagesByLinks } from '../pagination.js';
import { type WaitOptions, waitForDeletion, waitForStatus } from '../poll.js';
import type { KeystoneSession, Query } from '../session.js';

/**
 * Cinder v3 snapshots. A snapshot of an in-use volume needs `force: true` below microversion
 * 3.66; from 3.66 on Cinder rejects `force: false` and ignores `force: true`, so `force` is
 * sent only when asked for.
 */

export interface Snapshot {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly size: number;
  readonly volume_id: string;
  readonly description: string | null;
  readonly metadata: Record<string, string>;
  readonly created_at: string;
  readonly progress?: string;
  readonly 'os-extended-snapshot-attributes:project_id'?: string;
}

export interface CreateSnapshotOptions {
  readonly volume_id: string;
  readonly name?: string;
  readonly description?: string;
  readonly force?: boolean;
  readonly metadata?: Record<string, string>;
}

export const snapshotUrls = {
  list: () => '/snapshots/detail',
  create: () => '/snapshots',
  one: (id: string) => `/snapshots/${encodeURIComponent(id)}`,
};

export const listSnapshotPages = (session: KeystoneSession, query: Query = {}, pageSize?: number) =>
  pagesByLinks<Snapshot>(session, 'block-storage', {
    operation: 'cinder: list snapshots',
    path: snapshotUrls.list(),
    query,
    key: 'snapshots',
    ...(pageSize ? { pageSize } : {}),
  });

export const listSnapshots = (
  session: KeystoneSession,
  query: Query = {},
  pageSize?: number,
): Promise<Snapshot[]> => collect(listSnapshotPages(session, query, pageSize));

export const getSnapshot = async (session: KeystoneSession, id: string): Promise<Snapshot> =>
  (
    await session.requestJson<{ snapshot: Snapshot }>('block-storage', {
      operation: `cinder: show snapshot ${id}`,
      method: 'GET',
      path: snapshotUrls.one(id),
      expected: [200],
    })
  ).snapshot;

export const createSnapshot = async (
  session: KeystoneSession,
  options: CreateSnapshotOptions,
): Promise<Snapshot> =>
  (
    await session.requestJson<{ snapshot: Snapshot }>('block-storage', {
      operation: `cinder: snapshot volume ${options.volume_id}`,
      method: 'POST',
      path: snapshotUrls.create(),
      json: { snapshot: options },
      expected: [202],
      retry: { retryStatuses: [409] }, // volume busy (e.g. still attaching)
    })
  ).snapshot;

export const deleteSnapshot = async (session: KeystoneSession, id: string): Promise<void> => {
  await session.request('block-storage', {
    operation: `cinder: delete snapshot ${id}`,
    method: 'DELETE',
    path: snapshotUrls.one(id),
    expected: [202],
    retry: { retryStatuses: [409] },
  });
};

export const waitForSnapshot = (
  session: KeystoneSession,
  id: string,
  ready: readonly string[] = ['available'],
  options: WaitOptions = {},
): Promise<Snapshot> =>
  waitForStatus({
    what: `cinder snapshot ${id}`,
    fetch: () => getSnapshot(session, id),
    status: (s) => s.status,
    ready,
    failed: ['error', 'error_deleting'],
    ...options,
  });

export const waitForSnapshotDeleted = (session: KeystoneSession, id: string, options: WaitOptions = {}) =>
  waitForDeletion({
    what: `cinder snapshot ${id}`,
    fetch: () => getSnapshot(session, id),
    status: (s) => s.status,
    failed: ['error_deleting'],
    ...options,
  });
