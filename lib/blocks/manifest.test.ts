import { describe, expect, it } from 'vitest';
import {
  blockHashAt,
  createManifest,
  decodeManifest,
  encodeManifest,
  HASH_LENGTH,
  ManifestError,
  type ManifestInput,
  setBlockHash,
} from './manifest.js';

const input: ManifestInput = {
  project: 'p1',
  checkpointId: 'cp-1',
  resourceId: 'vol-1',
  size: 10 * 1024 + 5,
  blockSize: 1024,
  codec: 'lz4',
  createdAt: null,
  parent: null,
  source: { type: 'file' },
};

const hashesFor = (values: (string | null)[]): Buffer => {
  const hashes = Buffer.alloc(values.length * HASH_LENGTH);
  for (const [i, v] of values.entries()) setBlockHash(hashes, i, v);
  return hashes;
};

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);
const eleven = [a, null, b, a, null, null, b, a, a, a, b];

describe('manifest', () => {
  it('round-trips header and per-block hashes, with zero blocks as null', () => {
    const manifest = createManifest(input, hashesFor(eleven));
    const decoded = decodeManifest(encodeManifest(manifest));
    expect(decoded.header).toEqual(manifest.header);
    expect(decoded.header.blockCount).toBe(11);
    expect(eleven.map((_, i) => blockHashAt(decoded.hashes, i))).toEqual(eleven);
  });

  it('counts data, zero and unique blocks in its stats', () => {
    const { stats } = createManifest(input, hashesFor(eleven)).header;
    expect(stats).toEqual({ dataBlocks: 8, zeroBlocks: 3, uniqueBlocks: 2 });
  });

  it('encodes the same content to the same bytes regardless of key order', () => {
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as unknown as ManifestInput;
    const x = encodeManifest(createManifest(input, hashesFor(eleven)));
    const y = encodeManifest(createManifest(reordered, hashesFor(eleven)));
    expect(x.equals(y)).toBe(true);
  });

  it('rejects any flipped byte through its checksum', () => {
    const encoded = encodeManifest(createManifest(input, hashesFor(eleven)));
    for (const position of [0, 20, 100, encoded.length - 40, encoded.length - 1]) {
      const copy = Buffer.from(encoded);
      copy[position] = (copy[position] ?? 0) ^ 0x01;
      expect(() => decodeManifest(copy)).toThrow(ManifestError);
    }
  });

  it('refuses a hash list that does not match the size and block size', () => {
    expect(() => createManifest(input, hashesFor([a, b]))).toThrow(/2 hashes for 11 blocks/);
  });

  it('rejects a truncated manifest and a foreign file', () => {
    const encoded = encodeManifest(createManifest(input, hashesFor(eleven)));
    expect(() => decodeManifest(encoded.subarray(0, 30))).toThrow(ManifestError);
    expect(() =>
      decodeManifest(
        Buffer.from('{"hello":"world"} and some padding bytes here, long enough to pass the length check'),
      ),
    ).toThrow(/magic/);
  });

  it('describes an empty resource with no blocks', () => {
    const manifest = createManifest({ ...input, size: 0 }, Buffer.alloc(0));
    expect(decodeManifest(encodeManifest(manifest)).header.blockCount).toBe(0);
  });
});
