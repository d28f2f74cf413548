import { ConfigError, getOptionalString } from '../../../config/env.js';
import { envNames } from '../../../config/env-names.js';
import { volumeBackend } from '../../../openstack/block-storage/rbd-names.js';
import type { Volume } from '../../../openstack/block-storage/volumes.js';

/**
 * Which volumes take the changed-block path: `KARBOR_RBD_BACKENDS` lists the Cinder RBD
 * backends (the `volume_backend_name` part of `os-vol-host-attr:host`, which Cinder shows to
 * admins only) and the volume types (`type:<name>`, visible to every tenant) whose volumes live
 * in a Ceph pool the mover can reach, each with that pool:
 *
 *     KARBOR_RBD_BACKENDS="rbd1=volumes,type:rbd=volumes,type:fast-ssd=ssd-volumes"
 *
 * Every other volume goes through the API path (snapshot → volume → Glance image → mover).
 */

export interface RbdBackends {
  readonly backends: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, string>;
}

const poolPattern = /^[A-Za-z0-9._-]+$/;

export const parseRbdBackends = (text: string | undefined): RbdBackends => {
  const backends = new Map<string, string>();
  const types = new Map<string, string>();
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const at = entry.lastIndexOf('=');
    const name = entry.slice(0, at).trim();
    const pool = entry.slice(at + 1).trim();
    if (at <= 0 || !poolPattern.test(pool) || name === 'type:')
      throw new ConfigError(
        `${envNames.rbdBackends} entries are <backend>=<pool> or type:<volume type>=<pool>, got "${entry}"`,
      );
    if (name.startsWith('type:')) types.set(name.slice('type:'.length), pool);
    else backends.set(name, pool);
  }
  return { backends, types };
};

/** The pool holding `volume` when the mover can read it with rbd, else undefined (API path). */
export const rbdPoolOf = (
  config: RbdBackends,
  volume: Pick<Volume, 'volume_type' | 'os-vol-host-attr:host'>,
): string | undefined => {
  const backend = volumeBackend(volume);
  const byBackend = backend === undefined ? undefined : config.backends.get(backend);
  return byBackend ?? (volume.volume_type ? config.types.get(volume.volume_type) : undefined);
};

export const rbdBackendsFromEnv = (): RbdBackends =>
  parseRbdBackends(getOptionalString(envNames.rbdBackends));
