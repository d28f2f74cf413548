import { describe, expect, it } from 'vitest';
import { maxPayloadBytes } from '../../local/execution-limits.js';
import {
  handlesOf,
  isResourceHandle,
  ResourceHandleUnknown,
  resourceAt,
  runWaves,
} from './resource-handles.js';
import type { ResourceRef } from './runs/resource-runs.js';

/** A packed resource graph (lib/protectables/graph.ts) of `count` images with long names and extra info. */
const packedGraphOf = (count: number): string =>
  JSON.stringify([
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `0x${i.toString(16)}`,
        [
          'OS::Glance::Image',
          `4f3c2a1e-9b8d-4c7e-a6f5-${String(i).padStart(12, '0')}`,
          `nightly-image-of-the-application-server-${i}`,
          { availability_zone: 'nova', checksum: 'd41d8cd98f00b204e9800998ecf8427e' },
        ],
      ]),
    ),
    [],
  ]);

describe('resource handles', () => {
  it('keep a 5,000-resource run well under the 256 KiB state payload, where the resources do not fit', () => {
    const waves = runWaves('protect', packedGraphOf(5_000));
    expect(waves.flat()).toHaveLength(5_000);
    expect(Buffer.byteLength(JSON.stringify(waves))).toBeGreaterThan(maxPayloadBytes);
    expect(Buffer.byteLength(JSON.stringify(handlesOf(waves)))).toBeLessThan(maxPayloadBytes / 2);
  });

  it('name each resource of the run by wave and index', () => {
    const waves = runWaves('restore', packedGraphOf(3));
    for (const [handle, resource] of handlesOf(waves)
      .flat()
      .map((h, i) => [h, waves.flat()[i]] as const))
      expect(resourceAt(waves, handle)).toEqual(resource);
  });

  it('put every resource of a verify run in one wave', () => {
    expect(runWaves('verify', packedGraphOf(4))).toHaveLength(1);
    expect(runWaves('verify', null)).toEqual([]);
  });

  it('refuse a handle the run does not have', () => {
    const waves: ResourceRef[][] = [[{ type: 'T', id: 'a', name: 'a' }]];
    expect(() => resourceAt(waves, { wave: 1, index: 0 })).toThrow(ResourceHandleUnknown);
    expect(isResourceHandle({ type: 'T', id: 'a', name: 'a' })).toBe(false);
  });
});
