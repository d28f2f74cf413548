import type { KeystoneSession } from '../session.js';

/** Cinder volume types (tenants see public types) and the project's absolute limits. */

export interface VolumeType {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly is_public: boolean;
  readonly extra_specs?: Record<string, string>;
}

export interface AbsoluteLimits {
  readonly maxTotalVolumes: number;
  readonly maxTotalSnapshots: number;
  readonly maxTotalVolumeGigabytes: number;
  readonly maxTotalBackups: number;
  readonly totalVolumesUsed: number;
  readonly totalSnapshotsUsed: number;
  readonly totalGigabytesUsed: number;
  readonly totalBackupsUsed: number;
}

export const typeUrls = {
  list: () => '/types',
  one: (id: string) => `/types/${encodeURIComponent(id)}`,
  defaultType: () => '/types/default',
  limits: () => '/limits',
};

export const listVolumeTypes = async (session: KeystoneSession): Promise<VolumeType[]> =>
  (
    await session.requestJson<{ volume_types: VolumeType[] }>('block-storage', {
      operation: 'cinder: list volume types',
      method: 'GET',
      path: typeUrls.list(),
      expected: [200],
    })
  ).volume_types;

/** The type Cinder uses when a create names none. */
export const getDefaultVolumeType = async (session: KeystoneSession): Promise<VolumeType> =>
  (
    await session.requestJson<{ volume_type: VolumeType }>('block-storage', {
      operation: 'cinder: show default volume type',
      method: 'GET',
      path: typeUrls.defaultType(),
      expected: [200],
    })
  ).volume_type;

export const getVolumeLimits = async (session: KeystoneSession): Promise<AbsoluteLimits> =>
  (
    await session.requestJson<{ limits: { absolute: AbsoluteLimits } }>('block-storage', {
      operation: 'cinder: show limits',
      method: 'GET',
      path: typeUrls.limits(),
      expected: [200],
    })
  ).limits.absolute;
