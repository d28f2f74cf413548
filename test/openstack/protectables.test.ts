import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVolume,
  deleteVolume,
  type Volume,
  waitForVolume,
} from '../../lib/openstack/block-storage/volumes.js';
import { callerSession } from '../../lib/openstack/caller-session.js';
import { attachVolume, detachVolume } from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  type Server,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { validateToken } from '../../lib/openstack/identity/tokens.js';
import { type Image, listImages } from '../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../lib/openstack/session.js';
import {
  InstanceMissingError,
  InvalidProtectableTypeError,
  InvalidResourceStatusError,
  ProtectableNotFoundError,
  ResourceTypes,
} from '../../lib/protectables/model.js';
import { createProtectables, type Protectables } from '../../lib/protectables/protectables.js';
import { Cleanup, type CloudName, cloudOptions, sessionFor, uniqueName } from './support/cloud.js';
import { makeImage, makeVolume, projectNetwork } from './support/fixtures.js';

/** What each project owns for these tests: a server booted from an image, with a volume attached. */
interface ProjectWorld {
  readonly projectId: string;
  readonly session: KeystoneSession;
  readonly protectables: Protectables;
  readonly image: Image;
  readonly server: Server;
  readonly attached: Volume;
  readonly loose: Volume;
}

const cleanup = new Cleanup();
const worlds: Partial<Record<'demo' | 'alt_demo', ProjectWorld>> = {};
let brokenVolume: Volume;

/** As the API will do it: validate the caller's token with the service's, then act as the caller. */
const asCaller = async (cloud: CloudName) => {
  const token = await sessionFor(cloud).token();
  const identity = await validateToken(sessionFor('karbor'), token);
  if (!identity?.projectId) throw new Error(`token of ${cloud} did not validate`);
  const session = callerSession({
    authUrl: cloudOptions(cloud).authUrl,
    token,
    projectId: identity.projectId,
    access: identity.access,
  });
  return { session, projectId: identity.projectId };
};

const makeWorld = async (project: 'demo' | 'alt_demo'): Promise<ProjectWorld> => {
  const { session, projectId } = await asCaller(project);
  const image = await makeImage(session, cleanup, `${project}-image`);
  const network = await projectNetwork(session, project);
  const created = await createServer(session, {
    name: uniqueName(`${project}-vm`),
    imageRef: image.id,
    flavorRef: '1',
    networks: [{ uuid: network.id }],
  });
  cleanup.add(`server ${created.id}`, async () => {
    await deleteServer(session, created.id);
    await waitForServerDeleted(session, created.id, { timeoutMs: 120_000 });
  });
  const server = await waitForServer(session, created.id, ['ACTIVE'], { timeoutMs: 120_000 });
  const attached = await makeVolume(session, cleanup, { size: 1, name: uniqueName(`${project}-data`) });
  await attachVolume(session, server.id, attached.id);
  cleanup.add(`attachment of ${attached.id}`, async () => {
    await detachVolume(session, server.id, attached.id);
    await waitForVolume(session, attached.id, ['available'], { timeoutMs: 120_000 });
  });
  await waitForVolume(session, attached.id, ['in-use'], { timeoutMs: 120_000 });
  const loose = await makeVolume(session, cleanup, { size: 1, name: uniqueName(`${project}-loose`) });
  return { projectId, session, protectables: createProtectables(session), image, server, attached, loose };
};

const world = (project: 'demo' | 'alt_demo'): ProjectWorld => {
  const w = worlds[project];
  if (!w) throw new Error(`set-up for ${project} failed`);
  return w;
};

beforeAll(async () => {
  worlds.demo = await makeWorld('demo');
  worlds.alt_demo = await makeWorld('alt_demo');
  const session = world('demo').session;
  const created = await createVolume(session, { size: 900, name: uniqueName('no-room') }); // ends in error
  cleanup.add(`volume ${created.id}`, () => deleteVolume(session, created.id));
  brokenVolume = await waitForVolume(session, created.id, ['error'], { timeoutMs: 120_000 });
});
afterAll(() => cleanup.run());

const ids = (resources: readonly { id: string }[]) => resources.map((r) => r.id);

describe('protectable types', () => {
  it('lists the five types and the dependent types of each', () => {
    const p = world('demo').protectables;
    expect(p.types()).toEqual([
      ResourceTypes.project,
      ResourceTypes.server,
      ResourceTypes.image,
      ResourceTypes.volume,
      ResourceTypes.network,
    ]);
    expect(p.dependentTypes(ResourceTypes.project)).toEqual([
      ResourceTypes.server,
      ResourceTypes.image,
      ResourceTypes.volume,
      ResourceTypes.network,
    ]);
    expect(p.dependentTypes(ResourceTypes.server)).toEqual([ResourceTypes.image, ResourceTypes.volume]);
    expect(p.dependentTypes(ResourceTypes.volume)).toEqual([]);
    expect(() => p.dependentTypes('OS::Manila::Share')).toThrow(InvalidProtectableTypeError);
  });
});

describe.each(['demo', 'alt_demo'] as const)('instances as %s sees them', (project) => {
  const other = project === 'demo' ? 'alt_demo' : 'demo';

  it('shows the project with its servers, images, volumes and network topology', async () => {
    const w = world(project);
    const [instance, ...rest] = await w.protectables.listInstances(ResourceTypes.project, {});
    expect(rest).toEqual([]);
    expect(instance).toMatchObject({
      type: ResourceTypes.project,
      id: w.projectId,
      name: project,
      extra_info: null,
    });
    const deps = instance?.dependent_resources ?? [];
    expect(ids(deps)).toEqual(
      expect.arrayContaining([w.server.id, w.image.id, w.attached.id, w.loose.id, w.projectId]),
    );
    expect(deps.find((d) => d.type === ResourceTypes.network)).toEqual({
      type: ResourceTypes.network,
      id: w.projectId,
      name: 'Network Topology',
      extra_info: null,
    });
    const theirs = world(other);
    for (const id of [theirs.server.id, theirs.image.id, theirs.attached.id, theirs.projectId]) {
      expect(ids(deps)).not.toContain(id);
    }
  });

  it("lists its server with the boot image first, then the attached volume, and none of the other project's", async () => {
    const w = world(project);
    const servers = await w.protectables.listInstances(ResourceTypes.server, { ignored: 'yes' });
    expect(ids(servers)).not.toContain(world(other).server.id);
    const mine = servers.find((s) => s.id === w.server.id);
    expect(mine?.dependent_resources).toEqual([
      {
        type: ResourceTypes.image,
        id: w.image.id,
        name: w.image.name,
        extra_info: { server_id: w.server.id },
      },
      {
        type: ResourceTypes.volume,
        id: w.attached.id,
        name: w.attached.name,
        extra_info: { availability_zone: 'nova' },
      },
    ]);
  });

  it('lists volumes, images and the network of its own project only', async () => {
    const w = world(project);
    const theirs = world(other);
    const volumes = ids(await w.protectables.listInstances(ResourceTypes.volume));
    expect(volumes).toEqual(expect.arrayContaining([w.attached.id, w.loose.id]));
    expect(volumes).not.toContain(theirs.attached.id);
    const images = ids(await w.protectables.listInstances(ResourceTypes.image));
    expect(images).toContain(w.image.id);
    expect(images).not.toContain(theirs.image.id);
    const publicImage = (await listImages(w.session, { name: 'karbor-test-image' }))[0];
    expect(images).toContain(publicImage?.id); // Karbor lists every image the caller can see
    expect(await w.protectables.listInstances(ResourceTypes.network)).toEqual([
      {
        type: ResourceTypes.network,
        id: w.projectId,
        name: 'Network Topology',
        extra_info: null,
        dependent_resources: [],
      },
    ]);
  });

  it("cannot show the other project's server, volume or network", async () => {
    const w = world(project);
    const theirs = world(other);
    await expect(w.protectables.showInstance(ResourceTypes.server, theirs.server.id)).rejects.toThrow(
      ProtectableNotFoundError,
    );
    await expect(w.protectables.showInstance(ResourceTypes.volume, theirs.attached.id)).rejects.toThrow(
      ProtectableNotFoundError,
    );
    await expect(w.protectables.showInstance(ResourceTypes.network, theirs.projectId)).rejects.toThrow(
      InstanceMissingError,
    );
  });
});

describe('instance details', () => {
  it('shows a server with its dependents and a volume with its availability zone', async () => {
    const w = world('demo');
    const server = await w.protectables.showInstance(ResourceTypes.server, w.server.id);
    expect(server.name).toBe(w.server.name);
    expect(ids(server.dependent_resources)).toEqual([w.image.id, w.attached.id]);
    expect(await w.protectables.showInstance(ResourceTypes.volume, w.loose.id)).toEqual({
      type: ResourceTypes.volume,
      id: w.loose.id,
      name: w.loose.name,
      extra_info: { availability_zone: 'nova' },
      dependent_resources: [],
    });
  });

  it('leaves volumes in error out of listings and refuses to show them', async () => {
    const p = world('demo').protectables;
    expect(ids(await p.listInstances(ResourceTypes.volume))).not.toContain(brokenVolume.id);
    await expect(p.showInstance(ResourceTypes.volume, brokenVolume.id)).rejects.toThrow(
      InvalidResourceStatusError,
    );
    await expect(
      p.showInstance(ResourceTypes.volume, '00000000-0000-0000-0000-000000000000'),
    ).rejects.toThrow(ProtectableNotFoundError);
    await expect(p.listInstances('OS::Nova::Flavor')).rejects.toThrow(InvalidProtectableTypeError);
  });
});

describe('resource graph', () => {
  it('serialises a server plan exactly as Karbor does: image, volume, then the server', async () => {
    const w = world('demo');
    const { resourceGraph } = await w.protectables.buildGraph([
      { type: ResourceTypes.server, id: w.server.id, name: w.server.name },
      { type: ResourceTypes.volume, id: w.attached.id, name: w.attached.name ?? '' },
    ]);
    expect(resourceGraph).toBe(
      JSON.stringify([
        {
          '0x0': [ResourceTypes.image, w.image.id, w.image.name, { server_id: w.server.id }],
          '0x1': [ResourceTypes.volume, w.attached.id, w.attached.name, { availability_zone: 'nova' }],
          '0x2': [ResourceTypes.server, w.server.id, w.server.name, null],
        },
        [['0x2', ['0x0', '0x1']]],
      ]),
    );
  });

  it('builds a project graph with every resource of that project and nothing of the other', async () => {
    const w = world('alt_demo');
    const { roots, resourceGraph } = await w.protectables.buildGraph([
      { type: ResourceTypes.project, id: w.projectId, name: 'alt_demo' },
    ]);
    expect(roots.map((r) => r.resource.id)).toEqual([w.projectId]);
    const [nodes, adjacency] = JSON.parse(resourceGraph) as [Record<string, unknown[]>, [string, string[]][]];
    const nodeIds = Object.values(nodes).map((n) => n[1]);
    expect(nodeIds).toEqual(expect.arrayContaining([w.server.id, w.image.id, w.attached.id, w.loose.id]));
    expect(nodeIds).not.toContain(world('demo').server.id);
    const last = Object.keys(nodes).at(-1);
    expect(nodes[last ?? '']?.[0]).toBe(ResourceTypes.project);
    expect(adjacency.at(-1)?.[0]).toBe(last);
  });
});
