import type { ProviderDefinition } from './provider-registry.js';

/**
 * Our provider: projects, servers, volumes, images and networks into content-addressed S3
 * blocks. Its schemas are what clients and the console render as options.
 */

const restoreName = { type: 'string', title: 'Restore name', description: 'Name of the restored resource.' };

export const blockProvider: ProviderDefinition = {
  id: 'e9a3d6c2-4f1b-4b7e-9d2a-6c8f0b1e5a73',
  name: 'Block Store (S3)',
  description:
    'Protects projects, servers, volumes, images and networks into incremental, content-addressed blocks in S3.',
  extended_info_schema: {
    options_schema: {
      'OS::Cinder::Volume': {
        type: 'object',
        title: 'Volume protection options',
        properties: {
          force: {
            type: 'boolean',
            title: 'Force',
            description: 'Snapshot the volume even while it is attached to a running server.',
            default: true,
          },
          incremental: {
            type: 'boolean',
            title: 'Incremental',
            description: 'Store only blocks that changed since the newest available checkpoint.',
            default: true,
          },
          block_size_mib: {
            type: 'integer',
            title: 'Block size (MiB)',
            description:
              'Size of the fixed blocks the volume is cut into; changing it starts a new full chain.',
            enum: [1, 2, 4, 8, 16],
            default: 4,
          },
          backup_name: {
            type: 'string',
            title: 'Backup name',
            description: 'Name recorded with the backup.',
          },
        },
        required: [],
      },
      'OS::Glance::Image': {
        type: 'object',
        title: 'Image protection options',
        properties: {
          incremental: { type: 'boolean', title: 'Incremental', default: true },
          backup_name: { type: 'string', title: 'Backup name' },
        },
        required: [],
      },
      'OS::Nova::Server': {
        type: 'object',
        title: 'Server protection options',
        properties: {
          snapshot_root_disk: {
            type: 'boolean',
            title: 'Snapshot root disk',
            description: 'Capture the root disk of image-booted servers through createImage.',
            default: true,
          },
        },
        required: [],
      },
      'OS::Neutron::Network': {
        type: 'object',
        title: 'Network protection options',
        properties: {},
        required: [],
      },
      'OS::Keystone::Project': {
        type: 'object',
        title: 'Project protection options',
        properties: {},
        required: [],
      },
    },
    restore_schema: {
      'OS::Cinder::Volume': {
        type: 'object',
        title: 'Volume restore options',
        properties: {
          restore_name: restoreName,
          restore_description: { type: 'string', title: 'Restore description' },
          volume_type: {
            type: 'string',
            title: 'Volume type',
            description: 'Volume type of the new volume.',
          },
          availability_zone: { type: 'string', title: 'Availability zone' },
        },
        required: [],
      },
      'OS::Glance::Image': {
        type: 'object',
        title: 'Image restore options',
        properties: { restore_name: restoreName },
        required: [],
      },
      'OS::Nova::Server': {
        type: 'object',
        title: 'Server restore options',
        properties: {
          restore_name: restoreName,
          restore_net_id: {
            type: 'string',
            title: 'Network',
            description: 'Attach the server to this network instead of the saved ones.',
          },
          restore_flavor_id: {
            type: 'string',
            title: 'Flavor',
            description: 'Boot the server with this flavor instead of the saved one.',
          },
          availability_zone: { type: 'string', title: 'Availability zone' },
        },
        required: [],
      },
      'OS::Neutron::Network': {
        type: 'object',
        title: 'Network restore options',
        properties: {
          restore_name: restoreName,
          map_to_existing: {
            type: 'boolean',
            title: 'Map to existing networks',
            description:
              'Reuse networks with the same name in the target project instead of recreating them.',
            default: false,
          },
        },
        required: [],
      },
      'OS::Keystone::Project': {
        type: 'object',
        title: 'Project restore options',
        properties: {},
        required: [],
      },
    },
    saved_info_schema: {
      'OS::Cinder::Volume': {
        type: 'object',
        properties: {
          size_bytes: { type: 'integer' },
          bytes_read: { type: 'integer' },
          bytes_stored: { type: 'integer' },
          manifest: { type: 'string' },
          parent_checkpoint_id: { type: 'string' },
        },
        required: ['manifest'],
      },
      'OS::Glance::Image': {
        type: 'object',
        properties: {
          size_bytes: { type: 'integer' },
          disk_format: { type: 'string' },
          manifest: { type: 'string' },
        },
        required: ['manifest'],
      },
      'OS::Nova::Server': {
        type: 'object',
        properties: { flavor_id: { type: 'string' }, boot: { type: 'string' }, networks: { type: 'array' } },
        required: [],
      },
      'OS::Neutron::Network': { type: 'object', properties: { networks: { type: 'array' } }, required: [] },
      'OS::Keystone::Project': { type: 'object', properties: {}, required: [] },
    },
  },
};
