import { collect, pagesByLinks } from '../pagination.js';
import { type WaitOptions, waitForDeletion, waitForStatus } from '../poll.js';
import type { KeystoneSession, Query } from '../session.js';

/** Nova servers: list (detailed, paginated), show, boot, delete, createImage, waiters. */

export interface Server {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly tenant_id: string;
  readonly user_id: string;
  /** `""` when booted from a volume. */
  readonly image: { readonly id: string } | '';
  readonly flavor: Record<string, unknown>;
  readonly addresses: Record<string, readonly { addr: string; version: number }[]>;
  readonly metadata: Record<string, string>;
  readonly key_name: string | null;
  readonly 'os-extended-volumes:volumes_attached': readonly { id: string; delete_on_termination?: boolean }[];
  readonly fault?: { readonly message: string; readonly code: number };
  readonly created: string;
}

export interface BlockDeviceMapping {
  readonly boot_index?: number | null;
  readonly uuid?: string;
  readonly source_type: 'image' | 'volume' | 'snapshot' | 'blank';
  readonly destination_type?: 'volume' | 'local';
  readonly volume_size?: number;
  readonly delete_on_termination?: boolean;
  readonly device_name?: string;
}

export interface ServerNetwork {
  readonly uuid?: string;
  readonly port?: string;
  readonly fixed_ip?: string;
}

export interface CreateServerOptions {
  readonly name: string;
  readonly flavorRef: string;
  /** Omit (or `''`) when booting from a volume through `block_device_mapping_v2`. */
  readonly imageRef?: string;
  /** Explicit NICs, or "auto" / "none" (microversion ≥ 2.37). */
  readonly networks: readonly ServerNetwork[] | 'auto' | 'none';
  readonly block_device_mapping_v2?: readonly BlockDeviceMapping[];
  readonly key_name?: string;
  readonly metadata?: Record<string, string>;
  readonly security_groups?: readonly { name: string }[];
  readonly availability_zone?: string;
}

export const serverUrls = {
  list: () => '/servers/detail',
  one: (id: string) => `/servers/${encodeURIComponent(id)}`,
  create: () => '/servers',
  action: (id: string) => `/servers/${encodeURIComponent(id)}/action`,
};

/** Statuses in which a server never becomes ACTIVE by itself. */
export const serverFailureStatuses = ['ERROR', 'DELETED', 'SOFT_DELETED', 'UNKNOWN'] as const;

export const listServerPages = (session: KeystoneSession, query: Query = {}, pageSize?: number) =>
  pagesByLinks<Server>(session, 'compute', {
    operation: 'nova: list servers',
    path: serverUrls.list(),
    query,
    key: 'servers',
    ...(pageSize ? { pageSize } : {}),
  });

export const listServers = (
  session: KeystoneSession,
  query: Query = {},
  pageSize?: number,
): Promise<Server[]> => collect(listServerPages(session, query, pageSize));

export const getServer = async (session: KeystoneSession, id: string): Promise<Server> =>
  (
    await session.requestJson<{ server: Server }>('compute', {
      operation: `nova: show server ${id}`,
      method: 'GET',
      path: serverUrls.one(id),
      expected: [200],
    })
  ).server;

export const createServer = async (session: KeystoneSession, options: CreateServerOptions): Promise<Server> =>
  (
    await session.requestJson<{ server: Server }>('compute', {
      operation: `nova: boot server ${options.name}`,
      method: 'POST',
      path: serverUrls.create(),
      json: { server: { ...options, imageRef: options.imageRef ?? '' } },
      expected: [202],
    })
  ).server;

export const deleteServer = async (session: KeystoneSession, id: string): Promise<void> => {
  await session.request('compute', {
    operation: `nova: delete server ${id}`,
    method: 'DELETE',
    path: serverUrls.one(id),
    expected: [204],
  });
};

/** Server snapshot (`createImage`): returns the new Glance image id (microversion ≥ 2.45). */
export const createServerImage = async (
  session: KeystoneSession,
  id: string,
  name: string,
  metadata: Record<string, string> = {},
): Promise<string> =>
  (
    await session.requestJson<{ image_id: string }>('compute', {
      operation: `nova: createImage of server ${id}`,
      method: 'POST',
      path: serverUrls.action(id),
      json: { createImage: { name, metadata } },
      expected: [202],
      retry: { retryStatuses: [409] }, // 409 while another task runs on the server
    })
  ).image_id;

export const waitForServer = (
  session: KeystoneSession,
  id: string,
  ready: readonly string[] = ['ACTIVE'],
  options: WaitOptions = {},
): Promise<Server> =>
  waitForStatus({
    what: `nova server ${id}`,
    fetch: () => getServer(session, id),
    status: (s) => s.status,
    ready,
    failed: serverFailureStatuses.filter((s) => !ready.includes(s)),
    detail: (s) => s.fault?.message,
    ...options,
  });

export const waitForServerDeleted = (session: KeystoneSession, id: string, options: WaitOptions = {}) =>
  waitForDeletion({
    what: `nova server ${id}`,
    fetch: () => getServer(session, id),
    status: (s) => s.status,
    failed: ['ERROR'],
    ...options,
  });
