import { describe, expect, it } from 'vitest';
import { sampleFractionOf } from './resource-verification.js';

describe('verification sample', () => {
  const volume = { type: 'OS::Cinder::Volume', id: 'v1' };

  it('checks every block unless the parameters say otherwise', () => {
    expect(sampleFractionOf({}, volume)).toBe(1);
  });

  it('takes sample_percent of the resource, else of its type', () => {
    const parameters = {
      'OS::Cinder::Volume': { sample_percent: 50 },
      'OS::Cinder::Volume#v1': { sample_percent: '10' },
    };
    expect(sampleFractionOf(parameters, volume)).toBe(0.1);
    expect(sampleFractionOf(parameters, { ...volume, id: 'v2' })).toBe(0.5);
  });

  it('ignores values outside 1..100', () => {
    expect(sampleFractionOf({ 'OS::Cinder::Volume': { sample_percent: 0 } }, volume)).toBe(1);
    expect(sampleFractionOf({ 'OS::Cinder::Volume': { sample_percent: 400 } }, volume)).toBe(1);
  });
});
