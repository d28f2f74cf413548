import { getVolume } from '../../../openstack/block-storage/volumes.js';
import { listFlavors } from '../../../openstack/compute/flavors.js';
import { listKeypairs } from '../../../openstack/compute/keypairs.js';
import { attachVolume } from '../../../openstack/compute/server-attachments.js';
import {
  createServer,
  getServer,
  listServers,
  serverFailureStatuses,
} from '../../../openstack/compute/servers.js';
import { ResourceTypes } from '../../../protectables/model.js';
import { newIdOf } from '../../restore/restore-outcome.js';
import { done, goto, type ResourceDriver, ResourceFailed, type StepContext, wait } from '../driver.js';
import { glanceRestoreSteps, imageIdKey, stepMarker, stepMarkerProperty } from './glance-steps.js';
import { checkpointProjectOf, type Parameters, parametersOf, restoredRun, savedResult } from './saved.js';
import { type RestoredIds, type SavedServer, serverCreateOptions, volumesToAttach } from './server-plan.js';
import type { IdMap, SavedTopology } from './topology.js';

/**
 * Nova servers, restored after their images, volumes and the network: the root disk (saved
 * through createImage) is restored as a new image first; then the server boots from it or
 * from its restored boot volume, with the saved flavor (or `restore_flavor_id`), on the
 * restored networks (or `restore_net_id`), with its security groups (the restored ones by id)
 * and key pair if the target user has it; once ACTIVE the other restored volumes are
 * attached. The server and its root image are temporaries until then.
 */

interface SavedServerData {
  readonly server: SavedServer;
  readonly root_disk?: {
    readonly manifest?: boolean;
    readonly image?: {
      readonly disk_format?: string;
      readonly container_format?: string;
      readonly min_disk?: number;
      readonly min_ram?: number;
    };
  } | null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const savedServer = async (context: StepContext): Promise<SavedServerData> => {
  const saved = (await savedResult(context)) as unknown as SavedServerData;
  if (!saved.server)
    throw new ResourceFailed(`the checkpoint has no server definition for ${context.run.resource.id}`);
  return saved;
};

const prepare = async (context: StepContext) => {
  const saved = await savedServer(context);
  const parameters = await parametersOf(context);
  const next = saved.server.boot === 'image' && saved.root_disk?.manifest === true ? 'root_create' : 'boot';
  return goto(next, { data: { parameters } });
};

/** saved id → new id of every resource of `type` in this restore that ended available. */
const restoredIds = async (context: StepContext, type: string, ids: readonly string[]): Promise<IdMap> => {
  const entries = await Promise.all(
    ids.map(async (id) => [id, newIdOf(await restoredRun(context, { type, id }))] as const),
  );
  return Object.fromEntries(
    entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined),
  );
};

const networkIds = async (context: StepContext) => {
  const project = checkpointProjectOf(context);
  const run = await restoredRun(context, { type: ResourceTypes.network, id: project });
  const result = run?.status === 'available' ? run.result : undefined;
  const map = (result?.id_map ?? {}) as { networks?: IdMap; security_groups?: IdMap };
  let savedGroups: SavedTopology['security_groups'] = [];
  if (result) {
    const topology = (await savedResult(context, { type: ResourceTypes.network, id: project })).topology as
      | SavedTopology
      | undefined;
    savedGroups = topology?.security_groups ?? [];
  }
  return {
    networks: map.networks ?? {},
    securityGroups: map.security_groups ?? {},
    createdNetworks: (result?.created_networks as string[] | undefined) ?? [],
    savedGroups,
  };
};

const boot = async (context: StepContext) => {
  if (typeof context.run.data.server_id === 'string') return goto('server_wait');
  const { server } = await savedServer(context);
  const session = await context.session();
  const mappings = server.block_device_mapping ?? [];
  const ids: RestoredIds = {
    images: await restoredIds(context, ResourceTypes.image, server.image_id ? [server.image_id] : []),
    volumes: await restoredIds(
      context,
      ResourceTypes.volume,
      mappings.map((m) => m.volume_id),
    ),
    ...(await networkIds(context)),
    rootImage: context.run.data[imageIdKey('root')] as string | undefined,
    keypairs: server.key_name ? (await listKeypairs(session)).map((k) => k.name) : [],
    flavors: server.flavor_id ? [] : await listFlavors(session),
  };
  let options: ReturnType<typeof serverCreateOptions>;
  try {
    options = serverCreateOptions(server, ids, context.run.data.parameters as Parameters);
  } catch (error) {
    throw new ResourceFailed((error as Error).message, { cause: error });
  }
  // an attempt that died between the boot call and the Bank write left its server marked
  const marker = stepMarker(context, 'server');
  const [earlier] = (await listServers(session, { name: `^${escapeRegExp(options.name)}$` })).filter(
    (s) => s.metadata?.[stepMarkerProperty] === marker,
  );
  const created =
    earlier ??
    (await createServer(session, {
      ...options,
      metadata: { ...options.metadata, [stepMarkerProperty]: marker },
    }));
  return goto('server_wait', {
    data: { server_id: created.id, attach: volumesToAttach(server, ids.volumes) },
    temporaries: [{ kind: 'server', id: created.id }],
  });
};

const active = async (context: StepContext) => {
  const id = context.run.data.server_id as string;
  const server = await getServer(await context.session(), id);
  if ((serverFailureStatuses as readonly string[]).includes(server.status))
    throw new ResourceFailed(
      `restored server ${id} became ${server.status}${server.fault ? `: ${server.fault.message}` : ''}`,
    );
  if (server.status !== 'ACTIVE') return wait(`nova server ${id} (status ${server.status})`, 3);
  return goto('attach');
};

type Attachment = { readonly volume_id: string; readonly device?: string };

const attach = async (context: StepContext) => {
  const session = await context.session();
  const server = context.run.data.server_id as string;
  for (const volume of (context.run.data.attach as Attachment[] | undefined) ?? []) {
    const current = await getVolume(session, volume.volume_id);
    if (current.attachments.some((a) => a.server_id === server)) continue;
    await attachVolume(session, server, volume.volume_id, volume.device);
  }
  return goto('attach_wait');
};

const attached = async (context: StepContext) => {
  const session = await context.session();
  for (const volume of (context.run.data.attach as Attachment[] | undefined) ?? []) {
    const current = await getVolume(session, volume.volume_id);
    if (current.status.startsWith('error'))
      throw new ResourceFailed(`volume ${volume.volume_id} became ${current.status} while attaching`);
    if (current.status !== 'in-use')
      return wait(`attaching volume ${volume.volume_id} (status ${current.status})`, 2);
  }
  // the server and its root image are the restored objects now
  return goto('record', { keepOnly: [] });
};

const record = async (context: StepContext) =>
  done({
    new_id: context.run.data.server_id as string,
    restored_from: context.run.resource.id,
    root_image_id: (context.run.data[imageIdKey('root')] as string | undefined) ?? null,
    attached_volumes: ((context.run.data.attach as Attachment[] | undefined) ?? []).map((a) => a.volume_id),
  });

export const serverRestore: ResourceDriver = {
  firstStep: 'prepare',
  steps: {
    prepare,
    ...glanceRestoreSteps({
      prefix: 'root',
      manifestId: (context) => context.run.resource.id,
      image: async (context) => {
        const { server, root_disk } = await savedServer(context);
        const image = root_disk?.image ?? {};
        return {
          name: `karbor-restore-${server.name ?? context.run.resource.id}-root`,
          disk_format: image.disk_format ?? 'raw',
          container_format: image.container_format ?? 'bare',
          min_disk: image.min_disk ?? 0,
          min_ram: image.min_ram ?? 0,
          properties: { karbor_restore_id: context.workflow.run_id },
        };
      },
      next: 'boot',
      keep: false,
    }),
    boot,
    server_wait: active,
    attach,
    attach_wait: attached,
    record,
  },
};
