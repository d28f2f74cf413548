import { describe, expect, it } from 'vitest';
import { flagParameter, restoreParameters } from './saved.js';

describe('restore parameters', () => {
  const volume = { type: 'OS::Cinder::Volume', id: 'v1' };

  it('overlays the per-resource section on the per-type one, as Karbor does', () => {
    const parameters = {
      'OS::Cinder::Volume': { restore_name: 'all', volume_type: 'rbd' },
      'OS::Cinder::Volume#v1': { restore_name: 'mine' },
      'OS::Cinder::Volume#v2': { restore_name: 'other' },
      'OS::Glance::Image': { restore_name: 'image' },
    };
    expect(restoreParameters(parameters, volume)).toEqual({ restore_name: 'mine', volume_type: 'rbd' });
  });

  it('is empty when neither section exists or a section is not an object', () => {
    expect(restoreParameters({}, volume)).toEqual({});
    expect(restoreParameters({ 'OS::Cinder::Volume': 'x' }, volume)).toEqual({});
  });

  it('reads flags sent as booleans or as the strings Karbor clients send', () => {
    expect(flagParameter({ map_to_existing: true }, 'map_to_existing')).toBe(true);
    expect(flagParameter({ map_to_existing: 'True' }, 'map_to_existing')).toBe(true);
    expect(flagParameter({ map_to_existing: 'false' }, 'map_to_existing')).toBe(false);
    expect(flagParameter({}, 'map_to_existing')).toBe(false);
  });
});
