import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../../openstack/compute/flavors.js';
import type { InterfaceAttachment, VolumeAttachment } from '../../../openstack/compute/server-attachments.js';
import { fixture, loadFixtures } from '../../../openstack/fixtures/replay.js';
import { type ServerDetail, serverDefinition } from './server-definition.js';

const compute = loadFixtures('compute');
const server = (fixture(compute, 'server-show').body as { server: ServerDetail }).server;
const interfaces = (
  fixture(compute, 'server-interfaces').body as { interfaceAttachments: InterfaceAttachment[] }
).interfaceAttachments;
const volumes = (
  fixture(compute, 'server-volume-attachments').body as { volumeAttachments: VolumeAttachment[] }
).volumeAttachments;
const flavors = compute
  .filter((e) => e.name.startsWith('flavors-page#'))
  .flatMap((e) => (e.body as { flavors: Flavor[] }).flavors);

describe("a server's saved definition", () => {
  it('holds what Nova shows of an image-booted server, with the flavor id found by name', () => {
    const tiny = flavors.find((f) => f.name === 'm1.tiny');
    expect(serverDefinition(server, interfaces, volumes, flavors)).toEqual({
      name: 'fixture-vm',
      flavor_id: tiny?.id,
      flavor: { name: 'm1.tiny', vcpus: 1, ram: 64, disk: 1 },
      image_id: 'c734146a-b374-44ea-8efe-5feca97b6738',
      key_name: null,
      metadata: {},
      security_groups: ['default'],
      networks: [
        {
          network_id: '0512ce7e-72b7-4f38-8d9c-1a98e168560e',
          fixed_ips: ['10.10.0.168'],
          port_id: 'a3469d98-a624-4c79-8836-f0dee960640b',
        },
      ],
      availability_zone: 'nova',
      block_device_mapping: [
        { volume_id: '314a9478-0471-4a58-8dc7-6bb806a6d8e3', device: '/dev/sdb', boot_index: null },
      ],
      boot: 'image',
    });
  });

  it('marks the root volume of a volume-booted server with boot index 0', () => {
    const fromVolume = { ...server, image: '' as const };
    const attached = [
      { ...volumes[0], volumeId: 'data', device: '/dev/vdb' },
      { ...volumes[0], volumeId: 'root', device: '/dev/vda' },
    ] as VolumeAttachment[];
    const definition = serverDefinition(fromVolume, [], attached, flavors);
    expect(definition.boot).toBe('volume');
    expect(definition.image_id).toBeNull();
    expect(definition.block_device_mapping).toEqual([
      { volume_id: 'root', device: '/dev/vda', boot_index: 0 },
      { volume_id: 'data', device: '/dev/vdb', boot_index: null },
    ]);
  });
});
