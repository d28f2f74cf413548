import type { KeystoneSession } from '../session.js';

/** A server's network interfaces (`os-interface`) and volume attachments (`os-volume_attachments`). */

export interface InterfaceAttachment {
  readonly port_id: string;
  readonly net_id: string;
  readonly mac_addr: string;
  readonly port_state: string;
  readonly fixed_ips: readonly { ip_address: string; subnet_id: string }[];
}

export interface VolumeAttachment {
  readonly id: string;
  readonly volumeId: string;
  readonly serverId: string;
  readonly device: string | null;
  readonly tag?: string | null;
  readonly delete_on_termination?: boolean;
}

export const attachmentUrls = {
  interfaces: (server: string) => `/servers/${encodeURIComponent(server)}/os-interface`,
  volumes: (server: string) => `/servers/${encodeURIComponent(server)}/os-volume_attachments`,
  volume: (server: string, volume: string) =>
    `/servers/${encodeURIComponent(server)}/os-volume_attachments/${encodeURIComponent(volume)}`,
};

export const listInterfaces = async (
  session: KeystoneSession,
  server: string,
): Promise<InterfaceAttachment[]> =>
  (
    await session.requestJson<{ interfaceAttachments: InterfaceAttachment[] }>('compute', {
      operation: `nova: list interfaces of server ${server}`,
      method: 'GET',
      path: attachmentUrls.interfaces(server),
      expected: [200],
    })
  ).interfaceAttachments;

export const listVolumeAttachments = async (
  session: KeystoneSession,
  server: string,
): Promise<VolumeAttachment[]> =>
  (
    await session.requestJson<{ volumeAttachments: VolumeAttachment[] }>('compute', {
      operation: `nova: list volume attachments of server ${server}`,
      method: 'GET',
      path: attachmentUrls.volumes(server),
      expected: [200],
    })
  ).volumeAttachments;

/** Attaches a volume; Cinder shows it `in-use` once Nova is done (wait with waitForVolume). */
export const attachVolume = async (
  session: KeystoneSession,
  server: string,
  volumeId: string,
  device?: string,
): Promise<VolumeAttachment> =>
  (
    await session.requestJson<{ volumeAttachment: VolumeAttachment }>('compute', {
      operation: `nova: attach volume ${volumeId} to server ${server}`,
      method: 'POST',
      path: attachmentUrls.volumes(server),
      json: { volumeAttachment: { volumeId, ...(device ? { device } : {}) } },
      expected: [200],
      retry: { retryStatuses: [409] },
    })
  ).volumeAttachment;

export const detachVolume = async (
  session: KeystoneSession,
  server: string,
  volumeId: string,
): Promise<void> => {
  await session.request('compute', {
    operation: `nova: detach volume ${volumeId} from server ${server}`,
    method: 'DELETE',
    path: attachmentUrls.volume(server, volumeId),
    expected: [202],
    retry: { retryStatuses: [409] },
  });
};
