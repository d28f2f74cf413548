import type { Flavor } from '../../../openstack/compute/flavors.js';
import type { InterfaceAttachment, VolumeAttachment } from '../../../openstack/compute/server-attachments.js';
import type { Server } from '../../../openstack/compute/servers.js';

/**
 * What the restore needs to boot a server again, from what Nova shows its owner: flavor (by
 * id; Nova ≥ 2.47 embeds only the flavor's name), image or boot volume, key, metadata,
 * security group names, networks with their fixed IPs and ports, volumes with their devices,
 * availability zone. The volumes themselves are resources of their own in the checkpoint.
 */

/** Server fields Nova returns at our microversion beyond the typed core. */
export type ServerDetail = Server & {
  readonly 'OS-EXT-AZ:availability_zone'?: string;
  readonly 'OS-EXT-STS:task_state'?: string | null;
  readonly security_groups?: readonly { readonly name: string }[];
};

export interface ServerDefinition {
  readonly name: string;
  readonly flavor_id: string | null;
  readonly flavor: {
    readonly name: string | null;
    readonly vcpus: number;
    readonly ram: number;
    readonly disk: number;
  };
  readonly image_id: string | null;
  readonly key_name: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly security_groups: readonly string[];
  readonly networks: readonly { network_id: string; fixed_ips: readonly string[]; port_id: string }[];
  readonly availability_zone: string | null;
  readonly block_device_mapping: readonly {
    volume_id: string;
    device: string | null;
    boot_index: number | null;
  }[];
  readonly boot: 'image' | 'volume';
}

const rootDevices = new Set(['/dev/vda', '/dev/sda', '/dev/xvda', '/dev/hda', 'vda', 'sda']);

export const serverDefinition = (
  server: ServerDetail,
  interfaces: readonly InterfaceAttachment[],
  volumes: readonly VolumeAttachment[],
  flavors: readonly Flavor[],
): ServerDefinition => {
  const flavor = server.flavor as {
    id?: string;
    original_name?: string;
    vcpus?: number;
    ram?: number;
    disk?: number;
  };
  const flavorName = flavor.original_name ?? null;
  const flavorId = flavor.id ?? flavors.find((f) => f.name === flavorName)?.id ?? null;
  const boot = server.image === '' || !server.image ? 'volume' : 'image';
  const sorted = [...volumes].sort((a, b) => String(a.device).localeCompare(String(b.device)));
  const bootVolume =
    boot === 'volume' ? (sorted.find((v) => rootDevices.has(String(v.device))) ?? sorted[0]) : undefined;
  return {
    name: server.name,
    flavor_id: flavorId,
    flavor: { name: flavorName, vcpus: flavor.vcpus ?? 0, ram: flavor.ram ?? 0, disk: flavor.disk ?? 0 },
    image_id: server.image === '' || !server.image ? null : server.image.id,
    key_name: server.key_name ?? null,
    metadata: server.metadata ?? {},
    security_groups: [...new Set((server.security_groups ?? []).map((g) => g.name))],
    networks: interfaces.map((i) => ({
      network_id: i.net_id,
      fixed_ips: i.fixed_ips.map((ip) => ip.ip_address),
      port_id: i.port_id,
    })),
    availability_zone: server['OS-EXT-AZ:availability_zone'] ?? null,
    block_device_mapping: sorted.map((v) => ({
      volume_id: v.volumeId,
      device: v.device,
      boot_index: v === bootVolume ? 0 : null,
    })),
    boot,
  };
};
