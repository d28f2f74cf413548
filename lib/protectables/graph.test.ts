import { describe, expect, it } from 'vitest';
import { buildResourceGraph, deserializeResourceGraph, serializeResourceGraph } from './graph.js';
import { GraphCycleError, type ProtectableResource, ResourceTypes } from './model.js';

const project: ProtectableResource = { type: ResourceTypes.project, id: 'p', name: 'demo', extra_info: null };
const server: ProtectableResource = { type: ResourceTypes.server, id: 'srv', name: 'vm1', extra_info: null };
const image: ProtectableResource = {
  type: ResourceTypes.image,
  id: 'img',
  name: 'cirros',
  extra_info: { server_id: 'srv' },
};
const volume: ProtectableResource = {
  type: ResourceTypes.volume,
  id: 'vol',
  name: 'data',
  extra_info: { availability_zone: 'nova' },
};

const tree = new Map<string, ProtectableResource[]>([
  ['p', [server, volume]],
  ['srv', [image, volume]],
]);
const dependents = async (r: ProtectableResource) => tree.get(r.id) ?? [];

describe('resource graph', () => {
  it('serialises a server with image and volume exactly as karbor-api.md §4.3 shows', async () => {
    const roots = await buildResourceGraph([server], dependents);
    expect(serializeResourceGraph(roots)).toBe(
      '[{"0x0":["OS::Glance::Image","img","cirros",{"server_id":"srv"}],' +
        '"0x1":["OS::Cinder::Volume","vol","data",{"availability_zone":"nova"}],' +
        '"0x2":["OS::Nova::Server","srv","vm1",null]},[["0x2",["0x0","0x1"]]]]',
    );
  });

  it('numbers shared children once, in post order, with parents after their children', async () => {
    const roots = await buildResourceGraph([project], dependents);
    const [nodes, adjacency] = JSON.parse(serializeResourceGraph(roots)) as [
      Record<string, string[]>,
      unknown[],
    ];
    expect(Object.entries(nodes).map(([sid, n]) => `${sid}:${n[1]}`)).toEqual([
      '0x0:img',
      '0x1:vol',
      '0x2:srv',
      '0x3:p',
    ]);
    expect(adjacency).toEqual([
      ['0x2', ['0x0', '0x1']],
      ['0x3', ['0x2', '0x1']],
    ]);
  });

  it('drops start nodes that are children of another start node and deduplicates the plan', async () => {
    const roots = await buildResourceGraph([volume, server, server, image], dependents);
    expect(roots.map((r) => r.resource.id)).toEqual(['srv']);
  });

  it('rejects a cycle', async () => {
    const cyclic = async (r: ProtectableResource) => (r.id === 'srv' ? [volume] : [server]);
    await expect(buildResourceGraph([server], cyclic)).rejects.toThrow(GraphCycleError);
  });

  it('reads a serialised graph back into the same shape', async () => {
    const roots = await buildResourceGraph([project], dependents);
    const text = serializeResourceGraph(roots);
    const back = deserializeResourceGraph(text);
    expect(back.map((r) => r.resource.id)).toEqual(['p']);
    expect(serializeResourceGraph(back)).toBe(text);
  });
});
