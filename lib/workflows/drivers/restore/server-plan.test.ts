import { describe, expect, it } from 'vitest';
import {
  chooseFlavor,
  type RestoredIds,
  type SavedServer,
  serverCreateOptions,
  volumesToAttach,
} from './server-plan.js';

const ids: RestoredIds = {
  images: { img: 'img-new' },
  volumes: { boot: 'boot-new', data: 'data-new' },
  networks: { net: 'net-new' },
  createdNetworks: ['net-new'],
  securityGroups: { g1: 'g1-new' },
  savedGroups: [{ id: 'g1', name: 'web' }],
  keypairs: ['mykey'],
};

const imageServer: SavedServer = {
  name: 'app',
  flavor_id: 'f1',
  image_id: 'img',
  key_name: 'mykey',
  metadata: { role: 'app' },
  security_groups: ['web', 'default'],
  networks: [{ network_id: 'net', fixed_ips: ['10.0.0.5'], port_id: 'p' }],
  availability_zone: 'nova',
  block_device_mapping: [{ volume_id: 'data', device: '/dev/vdb', boot_index: null }],
  boot: 'image',
};

describe('server restore plan', () => {
  it('boots from the restored image on the restored network, with the saved address, groups and key', () => {
    expect(serverCreateOptions(imageServer, ids, {})).toEqual({
      name: 'app',
      flavorRef: 'f1',
      imageRef: 'img-new',
      networks: [{ uuid: 'net-new', fixed_ip: '10.0.0.5' }],
      key_name: 'mykey',
      metadata: { role: 'app' },
      security_groups: [{ name: 'g1-new' }, { name: 'default' }],
      availability_zone: 'nova',
    });
  });

  it('prefers the restored root disk image, and the parameters over what was saved', () => {
    const options = serverCreateOptions(
      imageServer,
      { ...ids, rootImage: 'root-new', keypairs: [] },
      {
        restore_name: 'again',
        restore_flavor_id: 'f2',
        restore_net_id: 'other-net',
        availability_zone: 'az2',
      },
    );
    expect(options).toMatchObject({
      name: 'again',
      flavorRef: 'f2',
      imageRef: 'root-new',
      networks: [{ uuid: 'other-net' }],
      availability_zone: 'az2',
    });
    expect(options.key_name).toBeUndefined();
  });

  it('asks for no fixed address on a network it did not make (it may be taken there)', () => {
    const options = serverCreateOptions(imageServer, { ...ids, createdNetworks: [] }, {});
    expect(options.networks).toEqual([{ uuid: 'net-new' }]);
  });

  it('boots a volume-booted server from its restored boot volume and attaches the others after', () => {
    const server: SavedServer = {
      ...imageServer,
      image_id: null,
      boot: 'volume',
      block_device_mapping: [
        { volume_id: 'boot', device: '/dev/vda', boot_index: 0 },
        { volume_id: 'data', device: '/dev/vdb', boot_index: null },
        { volume_id: 'not-in-checkpoint', device: '/dev/vdc', boot_index: null },
      ],
    };
    const options = serverCreateOptions(server, ids, {});
    expect(options.imageRef).toBeUndefined();
    expect(options.block_device_mapping_v2).toEqual([
      {
        boot_index: 0,
        uuid: 'boot-new',
        source_type: 'volume',
        destination_type: 'volume',
        delete_on_termination: false,
      },
    ]);
    expect(volumesToAttach(server, ids.volumes)).toEqual([{ volume_id: 'data-new', device: '/dev/vdb' }]);
  });

  it('fails with the reason when the boot volume was not restored', () => {
    const server: SavedServer = {
      ...imageServer,
      boot: 'volume',
      block_device_mapping: [{ volume_id: 'gone', boot_index: 0 }],
    };
    expect(() => serverCreateOptions(server, ids, {})).toThrow(
      /boot volume gone of the server was not restored/,
    );
  });

  it('finds a flavor by the saved name, else the smallest one large enough, when no id was saved', () => {
    const flavor = (id: string, name: string, vcpus: number, ram: number, disk: number) => ({
      id,
      name,
      vcpus,
      ram,
      disk,
      'os-flavor-access:is_public': true,
    });
    const flavors = [flavor('big', 'm1.big', 4, 8192, 80), flavor('small', 'm1.small', 1, 2048, 20)];
    const saved = {
      ...imageServer,
      flavor_id: null,
      flavor: { name: 'm1.big', vcpus: 1, ram: 512, disk: 1 },
    };
    expect(chooseFlavor(saved, {}, flavors)).toBe('big');
    expect(chooseFlavor({ ...saved, flavor: { ...saved.flavor, name: 'gone' } }, {}, flavors)).toBe('small');
    expect(chooseFlavor(saved, { restore_flavor_id: 'f9' }, flavors)).toBe('f9');
    expect(() => chooseFlavor({ ...saved, flavor: { name: 'gone', vcpus: 64 } }, {}, flavors)).toThrow(
      /give restore_flavor_id/,
    );
  });
});
