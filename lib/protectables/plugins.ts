import { getVolume, listVolumes, type Volume } from '../openstack/block-storage/volumes.js';
import { getServer, listServers, type Server } from '../openstack/compute/servers.js';
import { isNotFound } from '../openstack/errors.js';
import { getImage, type Image, listImages } from '../openstack/image/images.js';
import { networks } from '../openstack/network/networks.js';
import {
  InstanceMissingError,
  InvalidResourceStatusError,
  type PluginContext,
  ProtectableNotFoundError,
  type ProtectablePlugin,
  type ProtectableResource,
  ResourceTypes,
} from './model.js';

/**
 * The five protectable plugins of karbor-api.md §4.1, in Karbor's registry order. Every call
 * uses the caller's session and project: nothing is cached between requests (§11 item 11).
 * Statuses Karbor cannot protect are left out of listings and make `show` fail.
 */

const invalid = {
  server: ['DELETED', 'ERROR', 'UNKNOWN', 'SOFT_DELETED', 'RESCUED'],
  volume: ['error', 'deleting', 'error_deleting'],
  image: ['killed', 'deleted', 'pending_delete', 'deactivated'],
};

const valid = (list: readonly string[], status: string) => !list.includes(status);

const showing = async <T>(type: string, id: string, fetch: () => Promise<T>): Promise<T> => {
  try {
    return await fetch();
  } catch (error) {
    if (isNotFound(error)) throw new ProtectableNotFoundError(type, id, { cause: error });
    throw error;
  }
};

const serverResource = (s: Server): ProtectableResource => ({
  type: ResourceTypes.server,
  id: s.id,
  name: s.name,
  extra_info: null,
});

const volumeResource = (v: Volume): ProtectableResource => ({
  type: ResourceTypes.volume,
  id: v.id,
  name: v.name ?? '',
  extra_info: { availability_zone: v.availability_zone },
});

const imageResource = (i: Image, extra: Record<string, string> | null = null): ProtectableResource => ({
  type: ResourceTypes.image,
  id: i.id,
  name: i.name ?? '',
  extra_info: extra,
});

const project: ProtectablePlugin = {
  type: ResourceTypes.project,
  parentTypes: [],
  list: async (c) => [
    { type: ResourceTypes.project, id: c.projectId, name: c.projectName, extra_info: null },
  ],
  show: async (c, id) => {
    if (id !== c.projectId) throw new ProtectableNotFoundError(ResourceTypes.project, id);
    return { type: ResourceTypes.project, id, name: c.projectName, extra_info: null };
  },
  dependents: async () => [],
};

const server: ProtectablePlugin = {
  type: ResourceTypes.server,
  parentTypes: [ResourceTypes.project],
  list: async (c) =>
    (await listServers(c.session)).filter((s) => valid(invalid.server, s.status)).map(serverResource),
  show: async (c, id) => {
    const s = await showing(ResourceTypes.server, id, () => getServer(c.session, id));
    if (!valid(invalid.server, s.status))
      throw new InvalidResourceStatusError(ResourceTypes.server, id, s.status);
    return serverResource(s);
  },
  dependents: async (c, parent) => (parent.id === c.projectId ? server.list(c, {}) : []),
};

const volume: ProtectablePlugin = {
  type: ResourceTypes.volume,
  parentTypes: [ResourceTypes.server, ResourceTypes.project],
  list: async (c) =>
    (await listVolumes(c.session)).filter((v) => valid(invalid.volume, v.status)).map(volumeResource),
  show: async (c, id) => {
    const v = await showing(ResourceTypes.volume, id, () => getVolume(c.session, id));
    if (!valid(invalid.volume, v.status))
      throw new InvalidResourceStatusError(ResourceTypes.volume, id, v.status);
    return volumeResource(v);
  },
  dependents: async (c, parent) => {
    const volumes = (await listVolumes(c.session)).filter((v) => valid(invalid.volume, v.status));
    if (parent.type === ResourceTypes.server) {
      return volumes.filter((v) => v.attachments.some((a) => a.server_id === parent.id)).map(volumeResource);
    }
    // a member sees only its project's volumes; the tenant attribute is admin-only in Cinder
    return volumes
      .filter((v) => (v['os-vol-tenant-attr:tenant_id'] ?? c.projectId) === parent.id)
      .map(volumeResource);
  },
};

const image: ProtectablePlugin = {
  type: ResourceTypes.image,
  parentTypes: [ResourceTypes.server, ResourceTypes.project],
  list: async (c) =>
    (await listImages(c.session)).filter((i) => valid(invalid.image, i.status)).map((i) => imageResource(i)),
  show: async (c, id) => {
    const i = await showing(ResourceTypes.image, id, () => getImage(c.session, id));
    if (!valid(invalid.image, i.status))
      throw new InvalidResourceStatusError(ResourceTypes.image, id, i.status);
    return imageResource(i);
  },
  dependents: async (c, parent) => {
    if (parent.type === ResourceTypes.server) {
      const s = await getServer(c.session, parent.id);
      if (s.image === '' || !s.image.id) return []; // booted from a volume
      const i = await getImage(c.session, s.image.id).catch((error: unknown) => {
        if (isNotFound(error)) return undefined; // the boot image is gone
        throw error;
      });
      return i && valid(invalid.image, i.status) ? [imageResource(i, { server_id: parent.id })] : [];
    }
    const owned = await listImages(c.session, { owner: parent.id });
    return owned.filter((i) => valid(invalid.image, i.status)).map((i) => imageResource(i));
  },
};

const networkTopology = async (c: PluginContext): Promise<ProtectableResource[]> => {
  const own = await networks.list(c.session, { project_id: c.projectId });
  return own.length > 0
    ? [{ type: ResourceTypes.network, id: c.projectId, name: 'Network Topology', extra_info: null }]
    : [];
};

const network: ProtectablePlugin = {
  type: ResourceTypes.network,
  parentTypes: [ResourceTypes.project],
  list: (c) => networkTopology(c),
  show: async (c, id) => {
    const found = id === c.projectId ? await networkTopology(c) : [];
    if (!found[0]) throw new InstanceMissingError(ResourceTypes.network, id);
    return found[0];
  },
  dependents: async (c, parent) => (parent.id === c.projectId ? networkTopology(c) : []),
};

/** Registry order: decides the order of dependents (a server lists its image, then volumes). */
export const protectablePlugins: readonly ProtectablePlugin[] = [project, server, image, volume, network];
