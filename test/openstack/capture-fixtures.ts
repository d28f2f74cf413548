/**
 * Captures the fixture bodies of lib/openstack/fixtures/ from the running test cloud:
 *   node --import tsx test/openstack/capture-fixtures.ts
 * Makes (and removes again) in project demo: an image, a server booted from it on demo-net
 * with an attached volume, a snapshot, a network with a subnet, port and router; records the
 * answers the unit tests replay. Tokens are replaced by placeholders.
 */
import { join } from 'node:path';
import {
  createSnapshot,
  deleteSnapshot,
  getSnapshot,
  waitForSnapshot,
} from '../../lib/openstack/block-storage/snapshots.js';
import {
  getDefaultVolumeType,
  getVolumeLimits,
  listVolumeTypes,
} from '../../lib/openstack/block-storage/types-and-limits.js';
import {
  getVolume,
  listVolumes,
  uploadVolumeToImage,
  waitForVolume,
} from '../../lib/openstack/block-storage/volumes.js';
import { listFlavors } from '../../lib/openstack/compute/flavors.js';
import {
  attachVolume,
  detachVolume,
  listInterfaces,
  listVolumeAttachments,
} from '../../lib/openstack/compute/server-attachments.js';
import {
  createServer,
  deleteServer,
  getServer,
  listServers,
  waitForServer,
  waitForServerDeleted,
} from '../../lib/openstack/compute/servers.js';
import { validateToken } from '../../lib/openstack/identity/tokens.js';
import {
  createImage,
  deleteImage,
  getImage,
  listImages,
  waitForImage,
} from '../../lib/openstack/image/images.js';
import { networks, ports, subnets } from '../../lib/openstack/network/networks.js';
import { addRouterInterface, removeRouterInterface, routers } from '../../lib/openstack/network/routers.js';
import { KeystoneSession } from '../../lib/openstack/session.js';
import { HttpTransport } from '../../lib/openstack/transport.js';
import { Cleanup, cloudOptions, uniqueName } from './support/cloud.js';
import { makeImage, makeVolume, projectNetwork } from './support/fixtures.js';
import { FixtureRecorder } from './support/recorder.js';

process.env.OS_CLIENT_CONFIG_FILE ??= join(
  process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud',
  'etc',
  'clouds.yaml',
);
const recorder = new FixtureRecorder();
const demo = new KeystoneSession({
  ...cloudOptions('demo'),
  transport: new HttpTransport({ fetch: recorder.fetch }),
});
const karbor = new KeystoneSession({
  ...cloudOptions('karbor'),
  transport: new HttpTransport({ fetch: recorder.fetch }),
});
const cleanup = new Cleanup();
const missing = '00000000-0000-0000-0000-000000000000';
const ignore404 = (p: Promise<unknown>) => p.catch(() => undefined);

const identity = async () => {
  recorder.label('identity', 'token-password');
  const access = await demo.access();
  recorder.label('identity', 'token-karbor');
  await karbor.access();
  recorder.label('identity', 'token-validate');
  await validateToken(karbor, access.token);
  recorder.label('identity', 'token-validate-invalid');
  await validateToken(karbor, 'gAAAAAB-not-a-token');
};

const compute = async () => {
  const image = await makeImage(demo, cleanup, 'fixture-image');
  const network = await projectNetwork(demo, 'demo');
  recorder.label('compute', 'server-create');
  const created = await createServer(demo, {
    name: 'fixture-vm',
    imageRef: image.id,
    flavorRef: '1',
    networks: [{ uuid: network.id }],
  });
  cleanup.add('server', async () => {
    await deleteServer(demo, created.id);
    await waitForServerDeleted(demo, created.id);
  });
  await waitForServer(demo, created.id);
  const volume = await makeVolume(demo, cleanup, { size: 1, name: 'fixture-data' });
  recorder.label('compute', 'volume-attach');
  await attachVolume(demo, created.id, volume.id);
  cleanup.add('detach', async () => {
    await detachVolume(demo, created.id, volume.id);
    await waitForVolume(demo, volume.id);
  });
  await waitForVolume(demo, volume.id, ['in-use']);
  recorder.label('compute', 'server-show');
  await getServer(demo, created.id);
  await recorder.record('compute', 'servers-page', () => listServers(demo, {}, 1));
  await recorder.record('compute', 'flavors-page', () => listFlavors(demo, 1));
  recorder.label('compute', 'server-interfaces');
  await listInterfaces(demo, created.id);
  recorder.label('compute', 'server-volume-attachments');
  await listVolumeAttachments(demo, created.id);
  recorder.label('compute', 'server-not-found');
  await ignore404(getServer(demo, missing));
  return { image, volume, serverId: created.id };
};

const blockStorage = async (volumeId: string, imageId: string) => {
  recorder.label('block-storage', 'volume-show-in-use');
  await getVolume(demo, volumeId);
  await makeVolume(demo, cleanup, { size: 1, name: 'fixture-second', imageRef: imageId });
  await recorder.record('block-storage', 'volumes-page', () => listVolumes(demo, {}, 1));
  recorder.label('block-storage', 'snapshot-create');
  const snapshot = await createSnapshot(demo, { volume_id: volumeId, name: 'fixture-snap', force: true });
  cleanup.add('snapshot', () => deleteSnapshot(demo, snapshot.id));
  await waitForSnapshot(demo, snapshot.id);
  recorder.label('block-storage', 'snapshot-show');
  await getSnapshot(demo, snapshot.id);
  recorder.label('block-storage', 'volume-types');
  await listVolumeTypes(demo);
  recorder.label('block-storage', 'volume-type-default');
  await getDefaultVolumeType(demo);
  recorder.label('block-storage', 'limits');
  await getVolumeLimits(demo);
  recorder.label('block-storage', 'volume-not-found');
  await ignore404(getVolume(demo, missing));
  const second = (await listVolumes(demo, { name: 'fixture-second' }))[0];
  if (!second) throw new Error('fixture-second volume vanished');
  recorder.label('block-storage', 'volume-upload-image');
  const upload = await uploadVolumeToImage(demo, second.id, { image_name: 'fixture-upload' });
  cleanup.add('uploaded image', () => deleteImage(demo, upload.image_id));
  await waitForImage(demo, upload.image_id, ['active'], { timeoutMs: 180_000 });
  await waitForVolume(demo, second.id);
};

const image = async () => {
  recorder.label('image', 'image-create');
  const created = await createImage(demo, { name: 'fixture-queued' });
  cleanup.add('queued image', () => deleteImage(demo, created.id));
  recorder.label('image', 'image-show-queued');
  await getImage(demo, created.id);
  await recorder.record('image', 'images-page', () => listImages(demo, {}, 1));
  recorder.label('image', 'image-not-found');
  await ignore404(getImage(demo, missing));
};

const network = async () => {
  recorder.label('network', 'network-create');
  const net = await networks.create(demo, { name: uniqueName('fixture-net') });
  cleanup.add('network', () => networks.delete(demo, net.id));
  recorder.label('network', 'subnet-create');
  const subnet = await subnets.create(demo, { network_id: net.id, cidr: '192.168.99.0/24', ip_version: 4 });
  cleanup.add('subnet', () => subnets.delete(demo, subnet.id));
  recorder.label('network', 'port-create');
  const port = await ports.create(demo, { network_id: net.id });
  cleanup.add('port', () => ports.delete(demo, port.id));
  recorder.label('network', 'router-create');
  const router = await routers.create(demo, { name: 'fixture-router' });
  cleanup.add('router', () => routers.delete(demo, router.id));
  recorder.label('network', 'router-add-interface');
  await addRouterInterface(demo, router.id, { subnet_id: subnet.id });
  cleanup.add('router interface', () => removeRouterInterface(demo, router.id, { subnet_id: subnet.id }));
  await recorder.record('network', 'networks-page', () =>
    networks.list(demo, { project_id: net.project_id }, 1),
  );
  recorder.label('network', 'network-not-found');
  await ignore404(networks.get(demo, missing));
};

try {
  await identity();
  const made = await compute();
  await blockStorage(made.volume.id, made.image.id);
  await image();
  await network();
  for (const file of recorder.save(new URL('../../lib/openstack/fixtures/', import.meta.url)))
    console.log(`wrote ${file}`);
} finally {
  await cleanup.run();
}
