import { describe, expect, it } from 'vitest';
import { chunkKey, hashOfChunkKey, journalPrefix, KeyLayoutError, manifestKey } from './key-layout.js';

const hash = `ab${'0'.repeat(62)}`;

describe('key layout', () => {
  it('puts a chunk under its project and the first two hex digits of its hash', () => {
    expect(chunkKey('p1', hash)).toBe(`projects/p1/chunks/ab/${hash}`);
    expect(hashOfChunkKey(`some/prefix/projects/p1/chunks/ab/${hash}`)).toBe(hash);
  });

  it('puts manifests and journals beside the checkpoint', () => {
    expect(manifestKey('p1', 'cp-1', 'vol-1')).toBe('projects/p1/checkpoints/cp-1/vol-1.manifest');
    expect(journalPrefix('p1', 'cp-1', 'vol-1')).toBe('projects/p1/checkpoints/cp-1/vol-1.journal/');
  });

  it('refuses path tricks and foreign characters in ids', () => {
    for (const bad of ['..', '../p2', 'a/b', '', '.hidden', 'a b', 'x'.repeat(129)]) {
      expect(() => manifestKey(bad, 'cp', 'r')).toThrow(KeyLayoutError);
    }
    expect(() => chunkKey('p1', 'AB'.repeat(32))).toThrow(/SHA-256/);
  });

  it('does not mistake a chunk stored under the wrong fan-out directory for a chunk', () => {
    expect(hashOfChunkKey(`projects/p1/chunks/cd/${hash}`)).toBeUndefined();
  });
});
