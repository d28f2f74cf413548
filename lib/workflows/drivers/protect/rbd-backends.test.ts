import { describe, expect, it } from 'vitest';
import { parseRbdBackends, rbdPoolOf } from './rbd-backends.js';

describe('KARBOR_RBD_BACKENDS', () => {
  const config = parseRbdBackends('rbd1=volumes, type:fast=ssd-volumes');

  it('maps a volume of a listed backend to its pool, from the host attribute admins see', () => {
    expect(rbdPoolOf(config, { volume_type: 'other', 'os-vol-host-attr:host': 'node@rbd1#volumes' })).toBe(
      'volumes',
    );
  });

  it('maps a volume of a listed type to its pool when the host is hidden from the tenant', () => {
    expect(rbdPoolOf(config, { volume_type: 'fast' })).toBe('ssd-volumes');
  });

  it('sends every other volume down the API path', () => {
    expect(
      rbdPoolOf(config, { volume_type: 'nfs', 'os-vol-host-attr:host': 'node@nfs1#nfs' }),
    ).toBeUndefined();
    expect(rbdPoolOf(parseRbdBackends(undefined), { volume_type: 'rbd' })).toBeUndefined();
  });

  it('rejects entries without a pool and says which', () => {
    expect(() => parseRbdBackends('rbd1')).toThrow(/got "rbd1"/);
    expect(() => parseRbdBackends('type:=volumes')).toThrow(/type:<volume type>=<pool>/);
    expect(() => parseRbdBackends('rbd1=bad pool')).toThrow(/bad pool/);
  });
});
