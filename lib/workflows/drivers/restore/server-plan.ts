import type { Flavor } from '../../../openstack/compute/flavors.js';
import type {
  BlockDeviceMapping,
  CreateServerOptions,
  ServerNetwork,
} from '../../../openstack/compute/servers.js';
import type { Parameters } from './saved.js';
import { textParameter } from './saved.js';
import { groupsForServer, type IdMap, type SavedGroup } from './topology.js';

/**
 * Pure rules of the server restore: how the saved definition, the ids restored in earlier
 * waves and the parameters become one Nova boot request, and which restored volumes are
 * attached afterwards.
 */

export interface SavedServer {
  readonly name?: string | null;
  /** null when Nova showed only the flavor's name and no flavor of that name was visible */
  readonly flavor_id: string | null;
  readonly flavor?: {
    readonly name?: string | null;
    readonly vcpus?: number;
    readonly ram?: number;
    readonly disk?: number;
  };
  readonly image_id?: string | null;
  readonly key_name?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly security_groups?: readonly string[];
  readonly networks?: readonly {
    network_id: string;
    fixed_ips?: readonly (string | { ip_address: string })[];
    port_id?: string | null;
  }[];
  readonly availability_zone?: string | null;
  readonly block_device_mapping?: readonly {
    volume_id: string;
    device?: string | null;
    boot_index?: number | null;
  }[];
  readonly boot: 'image' | 'volume';
}

/** What earlier waves restored: saved id → new id, per kind, and the saved security groups. */
export interface RestoredIds {
  readonly images: IdMap;
  readonly volumes: IdMap;
  readonly networks: IdMap;
  /** networks the restore made (a saved fixed IP is asked for only on those: they are empty) */
  readonly createdNetworks: readonly string[];
  readonly securityGroups: IdMap;
  readonly savedGroups: readonly SavedGroup[];
  /** the server's root disk, restored as an image */
  readonly rootImage?: string | undefined;
  /** key pairs of the target user */
  readonly keypairs: readonly string[];
  /** the target's flavors, when the saved definition has no flavor id */
  readonly flavors?: readonly Flavor[];
}

export class ServerPlanError extends Error {
  override name = 'ServerPlanError';
}

/**
 * The flavor to boot with: `restore_flavor_id`, the saved id, else a flavor of the saved name,
 * else the smallest one at least as large as the saved sizes.
 */
export const chooseFlavor = (
  server: SavedServer,
  parameters: Parameters,
  flavors: readonly Flavor[] = [],
): string => {
  const chosen = textParameter(parameters, 'restore_flavor_id') ?? server.flavor_id;
  if (chosen) return chosen;
  const saved = server.flavor ?? {};
  const named = saved.name ? flavors.find((f) => f.name === saved.name) : undefined;
  if (named) return named.id;
  const fitting = flavors
    .filter((f) => f.vcpus >= (saved.vcpus ?? 0) && f.ram >= (saved.ram ?? 0) && f.disk >= (saved.disk ?? 0))
    .sort((a, b) => a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk);
  if (!fitting[0])
    throw new ServerPlanError(
      `no flavor named ${saved.name ?? '(unknown)'} or as large as the saved one; give restore_flavor_id`,
    );
  return fitting[0].id;
};

const isBoot = (mapping: { boot_index?: number | null }) => mapping.boot_index === 0;

export const serverNetworks = (
  server: SavedServer,
  ids: RestoredIds,
  parameters: Parameters,
): ServerNetwork[] => {
  const override = textParameter(parameters, 'restore_net_id');
  if (override) return [{ uuid: override }];
  return (server.networks ?? []).map((network) => {
    const uuid = ids.networks[network.network_id] ?? network.network_id;
    const first = network.fixed_ips?.[0];
    const fixed = typeof first === 'string' ? first : first?.ip_address;
    return fixed && ids.createdNetworks.includes(uuid) ? { uuid, fixed_ip: fixed } : { uuid };
  });
};

export const serverCreateOptions = (
  server: SavedServer,
  ids: RestoredIds,
  parameters: Parameters,
): CreateServerOptions => {
  const bdm: BlockDeviceMapping[] = [];
  let imageRef: string | undefined;
  if (server.boot === 'volume') {
    const boot = server.block_device_mapping?.find(isBoot);
    const volume = boot && ids.volumes[boot.volume_id];
    if (!volume)
      throw new ServerPlanError(
        `the boot volume ${boot?.volume_id ?? '(none saved)'} of the server was not restored`,
      );
    bdm.push({
      boot_index: 0,
      uuid: volume,
      source_type: 'volume',
      destination_type: 'volume',
      delete_on_termination: false,
    });
  } else {
    imageRef =
      ids.rootImage ?? (server.image_id ? (ids.images[server.image_id] ?? server.image_id) : undefined);
    if (!imageRef)
      throw new ServerPlanError('the server booted from an image, but no image was saved or restored');
  }
  const zone = textParameter(parameters, 'availability_zone') ?? server.availability_zone ?? undefined;
  const groups = groupsForServer(server.security_groups ?? [], ids.savedGroups, ids.securityGroups);
  return {
    name: textParameter(parameters, 'restore_name') ?? server.name ?? 'karbor-restore-server',
    flavorRef: chooseFlavor(server, parameters, ids.flavors),
    ...(imageRef ? { imageRef } : {}),
    networks: serverNetworks(server, ids, parameters),
    ...(bdm.length ? { block_device_mapping_v2: bdm } : {}),
    ...(server.key_name && ids.keypairs.includes(server.key_name) ? { key_name: server.key_name } : {}),
    ...(server.metadata && Object.keys(server.metadata).length ? { metadata: { ...server.metadata } } : {}),
    ...(groups.length ? { security_groups: [...new Set(groups)].map((name) => ({ name })) } : {}),
    ...(zone ? { availability_zone: zone } : {}),
  };
};

/** Restored volumes to attach after boot (every saved mapping but the boot one), with their device. */
export const volumesToAttach = (
  server: SavedServer,
  volumes: IdMap,
): { readonly volume_id: string; readonly device?: string }[] =>
  (server.block_device_mapping ?? [])
    .filter((mapping) => !(server.boot === 'volume' && isBoot(mapping)))
    .flatMap((mapping) => {
      const volume = volumes[mapping.volume_id];
      return volume ? [{ volume_id: volume, ...(mapping.device ? { device: mapping.device } : {}) }] : [];
    });
