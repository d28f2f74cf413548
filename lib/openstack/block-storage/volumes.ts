import { collect, pagesByLinks } from '../pagination.js';
import { type WaitOptions, waitForDeletion, waitForStatus } from '../poll.js';
import type { KeystoneSession, Query } from '../session.js';

/**
 * Cinder v3 volumes: list (detailed, paginated), show, create (blank, from a snapshot, an
 * image or another volume), delete, `os-volume_upload_image`, waiters. Microversion from the
 * session (default 3.64); pass `microversion` per call where a feature needs another.
 */

export interface VolumeAttachmentInfo {
  readonly server_id: string;
  readonly attachment_id: string;
  readonly device: string | null;
  readonly volume_id: string;
}

export interface Volume {
  readonly id: string;
  readonly name: string | null;
  readonly description?: string | null;
  readonly status: string;
  readonly size: number;
  readonly volume_type: string | null;
  readonly availability_zone: string;
  readonly bootable: string;
  readonly attachments: readonly VolumeAttachmentInfo[];
  readonly snapshot_id: string | null;
  readonly source_volid: string | null;
  readonly metadata: Record<string, string>;
  readonly 'os-vol-tenant-attr:tenant_id'?: string;
  readonly 'os-vol-host-attr:host'?: string | null;
  readonly volume_image_metadata?: Record<string, string>;
  readonly created_at: string;
}

export interface CreateVolumeOptions {
  readonly size: number;
  readonly name?: string;
  readonly description?: string;
  readonly volume_type?: string;
  readonly availability_zone?: string;
  readonly snapshot_id?: string;
  readonly source_volid?: string;
  readonly imageRef?: string;
  readonly metadata?: Record<string, string>;
}

export interface UploadImageOptions {
  readonly image_name: string;
  readonly disk_format?: string;
  readonly container_format?: string;
  readonly force?: boolean;
  readonly visibility?: 'private' | 'public' | 'shared' | 'community';
}

export interface UploadImageResult {
  readonly image_id: string;
  readonly image_name: string;
  readonly status: string;
  readonly disk_format: string;
  readonly container_format: string;
}

export const volumeUrls = {
  list: () => '/volumes/detail',
  create: () => '/volumes',
  one: (id: string) => `/volumes/${encodeURIComponent(id)}`,
  action: (id: string) => `/volumes/${encodeURIComponent(id)}/action`,
};

export const volumeFailureStatuses = [
  'error',
  'error_restoring',
  'error_extending',
  'error_deleting',
] as const;

export const listVolumePages = (session: KeystoneSession, query: Query = {}, pageSize?: number) =>
  pagesByLinks<Volume>(session, 'block-storage', {
    operation: 'cinder: list volumes',
    path: volumeUrls.list(),
    query,
    key: 'volumes',
    ...(pageSize ? { pageSize } : {}),
  });

export const listVolumes = (
  session: KeystoneSession,
  query: Query = {},
  pageSize?: number,
): Promise<Volume[]> => collect(listVolumePages(session, query, pageSize));

export const getVolume = async (session: KeystoneSession, id: string): Promise<Volume> =>
  (
    await session.requestJson<{ volume: Volume }>('block-storage', {
      operation: `cinder: show volume ${id}`,
      method: 'GET',
      path: volumeUrls.one(id),
      expected: [200],
    })
  ).volume;

export const createVolume = async (session: KeystoneSession, options: CreateVolumeOptions): Promise<Volume> =>
  (
    await session.requestJson<{ volume: Volume }>('block-storage', {
      operation: `cinder: create volume ${options.name ?? ''}`.trim(),
      method: 'POST',
      path: volumeUrls.create(),
      json: { volume: options },
      expected: [202],
    })
  ).volume;

export const deleteVolume = async (session: KeystoneSession, id: string, cascade = false): Promise<void> => {
  await session.request('block-storage', {
    operation: `cinder: delete volume ${id}`,
    method: 'DELETE',
    path: volumeUrls.one(id),
    ...(cascade ? { query: { cascade: true } } : {}),
    expected: [202],
    retry: { retryStatuses: [409] },
  });
};

/** `os-volume_upload_image`: copies the volume into a new Glance image (Glance may still be `queued`). */
export const uploadVolumeToImage = async (
  session: KeystoneSession,
  id: string,
  options: UploadImageOptions,
): Promise<UploadImageResult> =>
  (
    await session.requestJson<{ 'os-volume_upload_image': UploadImageResult }>('block-storage', {
      operation: `cinder: upload volume ${id} to image ${options.image_name}`,
      method: 'POST',
      path: volumeUrls.action(id),
      json: {
        'os-volume_upload_image': { disk_format: 'raw', container_format: 'bare', ...options },
      },
      expected: [202],
    })
  )['os-volume_upload_image'];

export const waitForVolume = (
  session: KeystoneSession,
  id: string,
  ready: readonly string[] = ['available'],
  options: WaitOptions = {},
): Promise<Volume> =>
  waitForStatus({
    what: `cinder volume ${id}`,
    fetch: () => getVolume(session, id),
    status: (v) => v.status,
    ready,
    failed: volumeFailureStatuses.filter((s) => !ready.includes(s)),
    ...options,
  });

export const waitForVolumeDeleted = (session: KeystoneSession, id: string, options: WaitOptions = {}) =>
  waitForDeletion({
    what: `cinder volume ${id}`,
    fetch: () => getVolume(session, id),
    status: (v) => v.status,
    failed: ['error_deleting'],
    ...options,
  });
