import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../protectables/graph.js';
import type { ProtectableResource } from '../protectables/model.js';
import { wavesOf } from './waves.js';

const node = (type: ProtectableResource['type'], id: string, children: GraphNode[] = []): GraphNode => ({
  resource: { type, id, name: id, extra_info: null },
  children,
});

const ids = (waves: ReturnType<typeof wavesOf>) => waves.map((wave) => wave.map((r) => r.id).sort());

describe('wavesOf', () => {
  it('puts dependencies before dependents and networks first', () => {
    const volume = node('OS::Cinder::Volume', 'vol');
    const image = node('OS::Glance::Image', 'img');
    const server = node('OS::Nova::Server', 'srv', [volume, image]);
    const network = node('OS::Neutron::Network', 'net');
    const project = node('OS::Keystone::Project', 'prj', [server, volume, network]);
    expect(ids(wavesOf([project]))).toEqual([['net'], ['img', 'vol'], ['srv'], ['prj']]);
  });

  it('lists a resource shared by two parents once', () => {
    const volume = node('OS::Cinder::Volume', 'vol');
    const a = node('OS::Nova::Server', 'a', [volume]);
    const b = node('OS::Nova::Server', 'b', [volume]);
    expect(ids(wavesOf([a, b]))).toEqual([['vol'], ['a', 'b']]);
  });

  it('gives no waves for an empty graph', () => {
    expect(wavesOf([])).toEqual([]);
  });
});
