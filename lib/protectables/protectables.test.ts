import { describe, expect, it } from 'vitest';
import {
  demoToken,
  type Exchange,
  fixture,
  loadFixtures,
  replaySession,
} from '../openstack/fixtures/replay.js';
import {
  InstanceMissingError,
  InvalidProtectableTypeError,
  ProtectableNotFoundError,
  ResourceTypes,
} from './model.js';
import { createProtectables } from './protectables.js';

/**
 * Replays what the test cloud answered for project demo: one server (fixture-vm) booted from
 * fixture-image with fixture-data attached; the live tier checks the same against the cloud.
 */

const compute = loadFixtures('compute');
const storage = loadFixtures('block-storage');
const images = loadFixtures('image');
const serverShow = fixture(compute, 'server-show');
const server = (serverShow.body as { server: { id: string; name: string; image: { id: string } } }).server;
const volumesPage = storage.filter((e) => e.name.startsWith('volumes-page#'));
const allVolumes = volumesPage.flatMap(
  (e) => (e.body as { volumes: { id: string; attachments: unknown[] }[] }).volumes,
);
const volumesDetail: Exchange = {
  ...fixture(storage, 'volumes-page#1'),
  url: fixture(storage, 'volumes-page#1').url.replace(/\?.*$/, ''),
  body: { volumes: allVolumes },
};
const bootImage: Exchange = {
  ...fixture(images, 'image-show-queued'),
  url: `http://127.0.0.1:9292/v2/images/${server.image.id}`,
  body: { id: server.image.id, name: 'fixture-image', status: 'active', owner: 'p' },
};
const serversDetail: Exchange = {
  ...fixture(compute, 'servers-page#1'),
  url: 'http://127.0.0.1:8774/v2.1/servers/detail',
  body: { servers: [server] },
};

describe('protectables over replayed answers', () => {
  it('lists a server with its boot image first, then its attached volume', async () => {
    const { session } = replaySession([demoToken(), serversDetail, serverShow, bootImage, volumesDetail]);
    const [instance] = await createProtectables(session).listInstances(ResourceTypes.server, {});
    const attached = allVolumes.find((v) => v.attachments.length > 0);
    expect(instance?.id).toBe(server.id);
    expect(instance?.dependent_resources.map((r) => [r.type, r.id, r.extra_info])).toEqual([
      [ResourceTypes.image, server.image.id, { server_id: server.id }],
      [ResourceTypes.volume, attached?.id, { availability_zone: 'nova' }],
    ]);
  });

  it('serialises the graph of that server for a checkpoint', async () => {
    const { session } = replaySession([demoToken(), serverShow, bootImage, volumesDetail]);
    const { resourceGraph } = await createProtectables(session).buildGraph([
      { type: ResourceTypes.server, id: server.id, name: server.name },
    ]);
    const [nodes, adjacency] = JSON.parse(resourceGraph) as [Record<string, unknown[]>, unknown[]];
    expect(Object.values(nodes).map((n) => n[0])).toEqual([
      ResourceTypes.image,
      ResourceTypes.volume,
      ResourceTypes.server,
    ]);
    expect(adjacency).toEqual([['0x2', ['0x0', '0x1']]]);
  });

  it('maps a 404 to ProtectableNotFoundError and another project id to a missing network', async () => {
    const { session } = replaySession([demoToken(), fixture(compute, 'server-not-found')]);
    const protectables = createProtectables(session);
    await expect(
      protectables.showInstance(ResourceTypes.server, '00000000-0000-0000-0000-000000000000'),
    ).rejects.toBeInstanceOf(ProtectableNotFoundError);
    await expect(protectables.showInstance(ResourceTypes.network, 'another-project')).rejects.toBeInstanceOf(
      InstanceMissingError,
    );
    expect(() => protectables.dependentTypes('OS::Trove::Instance')).toThrow(InvalidProtectableTypeError);
  });

  it("shows the caller's project from its token; tolerant mode reports failing plugins instead of failing", async () => {
    const projectId = (demoToken().body as { token: { project: { id: string } } }).token.project.id;
    const strict = createProtectables(replaySession([demoToken()]).session);
    await expect(strict.showInstance(ResourceTypes.project, projectId)).rejects.toThrow(/no fixture for GET/);
    const failed: string[] = [];
    const tolerant = createProtectables(replaySession([demoToken()]).session, {
      tolerant: true,
      onPluginError: (type) => failed.push(type),
    });
    expect(await tolerant.showInstance(ResourceTypes.project, projectId)).toEqual({
      type: ResourceTypes.project,
      id: projectId,
      name: 'demo',
      extra_info: null,
      dependent_resources: [],
    });
    expect(failed).toEqual([
      ResourceTypes.server,
      ResourceTypes.image,
      ResourceTypes.volume,
      ResourceTypes.network,
    ]);
  });
});
