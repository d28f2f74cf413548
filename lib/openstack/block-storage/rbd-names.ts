import type { Snapshot } from './snapshots.js';
import type { Volume } from './volumes.js';

/**
 * Where Cinder's RBD driver keeps a volume in Ceph: image `volume-<id>` in the backend's pool,
 * snapshots `snapshot-<id>` on that image (Cinder's default `volume_name_template` and
 * `snapshot_name_template`). A migrated or retyped volume keeps the data under its
 * `name_id` (admins see `os-vol-mig-status-attr:name_id`), so that id wins when present.
 * The pool is not in the API: map the backend (from `os-vol-host-attr:host`,
 * "host@backend#pool") to its `rbd_pool`, or pass the pool.
 */

export interface RbdLocation {
  readonly pool: string;
  readonly image: string;
  /** `pool/image`, as `rbd` takes it. */
  readonly spec: string;
}

export interface RbdSnapshotLocation extends RbdLocation {
  readonly snapshot: string;
  /** `pool/image@snapshot`. */
  readonly snapSpec: string;
}

export const rbdImageName = (volumeId: string): string => `volume-${volumeId}`;
export const rbdSnapshotName = (snapshotId: string): string => `snapshot-${snapshotId}`;

type VolumeRef = Pick<Volume, 'id'> & { readonly 'os-vol-mig-status-attr:name_id'?: string | null };

export const rbdVolumeLocation = (volume: VolumeRef | string, pool = 'volumes'): RbdLocation => {
  const id = typeof volume === 'string' ? volume : (volume['os-vol-mig-status-attr:name_id'] ?? volume.id);
  const image = rbdImageName(id);
  return { pool, image, spec: `${pool}/${image}` };
};

export const rbdSnapshotLocation = (
  volume: VolumeRef | string,
  snapshot: Pick<Snapshot, 'id'> | string,
  pool = 'volumes',
): RbdSnapshotLocation => {
  const location = rbdVolumeLocation(volume, pool);
  const name = rbdSnapshotName(typeof snapshot === 'string' ? snapshot : snapshot.id);
  return { ...location, snapshot: name, snapSpec: `${location.spec}@${name}` };
};

/** Backend name of a volume from `os-vol-host-attr:host` ("host@backend#pool"), if visible. */
export const volumeBackend = (volume: Pick<Volume, 'os-vol-host-attr:host'>): string | undefined => {
  const host = volume['os-vol-host-attr:host'];
  const match = host ? /@([^#]+)/.exec(host) : null;
  return match?.[1];
};
