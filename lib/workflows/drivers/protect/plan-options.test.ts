import { describe, expect, it } from 'vitest';
import { booleanOption, integerOption, optionsOf } from './plan-options.js';

describe('protect options from plan parameters', () => {
  const parameters = {
    'OS::Nova::Server': { snapshot_root_disk: 'true' },
    'OS::Nova::Server#s1': { snapshot_root_disk: 'False' },
    'OS::Cinder::Volume': { block_size_mib: '8', force: false },
  };

  it("lets a resource's own options override its type's", () => {
    expect(
      booleanOption(
        optionsOf(parameters, { type: 'OS::Nova::Server', id: 's1' }),
        'snapshot_root_disk',
        true,
      ),
    ).toBe(false);
    expect(
      booleanOption(
        optionsOf(parameters, { type: 'OS::Nova::Server', id: 's2' }),
        'snapshot_root_disk',
        false,
      ),
    ).toBe(true);
  });

  it('reads the strings the API stores as well as JSON values, and falls back when absent', () => {
    const volume = optionsOf(parameters, { type: 'OS::Cinder::Volume', id: 'v1' });
    expect(integerOption(volume, 'block_size_mib', 4)).toBe(8);
    expect(booleanOption(volume, 'force', true)).toBe(false);
    expect(booleanOption(volume, 'incremental', true)).toBe(true);
    expect(integerOption({ block_size_mib: 'x' }, 'block_size_mib', 4)).toBe(4);
  });
});
