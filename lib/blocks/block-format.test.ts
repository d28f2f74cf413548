import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_HEADER_LENGTH,
  BlockCorruptError,
  BlockFormatError,
  decodeBlock,
  encodeBlock,
  openBlock,
  openBlockInto,
  readBlockHeader,
  sha256Hex,
} from './block-format.js';
import { CODEC_IDS } from './codec-ids.js';
import { CODECS } from './codecs.js';

const compressible = Buffer.from('karbor '.repeat(20_000));

describe('block format', () => {
  it('round-trips compressible data through lz4 and records the codec in the header', () => {
    const stored = encodeBlock(compressible);
    const header = readBlockHeader(stored);
    expect(header.codecId).toBe(CODEC_IDS.lz4);
    expect(header.rawLength).toBe(compressible.length);
    expect(stored.length).toBeLessThan(compressible.length / 10);
    expect(Buffer.from(decodeBlock(stored)).equals(compressible)).toBe(true);
  });

  it('stores incompressible data with codec none instead of growing it', () => {
    const random = randomBytes(65_536);
    const stored = encodeBlock(random);
    expect(readBlockHeader(stored).codecId).toBe(CODEC_IDS.none);
    expect(stored.length).toBe(random.length + BLOCK_HEADER_LENGTH);
    expect(Buffer.from(decodeBlock(stored)).equals(random)).toBe(true);
  });

  it('writes the documented header layout byte for byte', () => {
    const stored = encodeBlock(compressible, CODECS.lz4);
    expect(stored.subarray(0, 4).toString('ascii')).toBe('KBLK');
    expect(stored[4]).toBe(1);
    expect(stored[5]).toBe(1);
    expect(stored.readUInt16LE(6)).toBe(0);
    expect(stored.readUInt32LE(8)).toBe(compressible.length);
    expect(stored.readUInt32LE(12)).toBe(stored.length - BLOCK_HEADER_LENGTH);
    // lz4 payload = u32 LE raw length, then an LZ4 block (python-lz4 store_size=True compatible)
    expect(stored.readUInt32LE(16)).toBe(compressible.length);
  });

  it('rejects a truncated block, a wrong magic, an unknown codec and unknown flags', () => {
    const stored = encodeBlock(compressible);
    expect(() => decodeBlock(stored.subarray(0, stored.length - 1))).toThrow(BlockFormatError);
    expect(() => decodeBlock(stored.subarray(0, 8))).toThrow(/shorter than/);
    const badMagic = Buffer.from(stored);
    badMagic[0] = 0x41;
    expect(() => decodeBlock(badMagic)).toThrow(/KBLK/);
    const badCodec = Buffer.from(stored);
    badCodec[5] = 200;
    expect(() => decodeBlock(badCodec)).toThrow(/unknown codec ID 200/);
    const badFlags = Buffer.from(stored);
    badFlags[6] = 1;
    expect(() => decodeBlock(badFlags)).toThrow(/flags/);
  });

  it('detects a flipped payload byte as corruption when the block is opened by its hash', () => {
    const random = randomBytes(4096);
    const stored = encodeBlock(random);
    const name = sha256Hex(random);
    expect(Buffer.from(openBlock(stored, name)).equals(random)).toBe(true);
    stored[BLOCK_HEADER_LENGTH + 100] = (stored[BLOCK_HEADER_LENGTH + 100] ?? 0) ^ 0xff;
    expect(() => openBlock(stored, name)).toThrow(BlockCorruptError);
  });

  it('reports an lz4 payload that does not decode as a format error, not a crash', () => {
    const stored = encodeBlock(compressible);
    stored.fill(0xff, BLOCK_HEADER_LENGTH + 4, BLOCK_HEADER_LENGTH + 40);
    expect(() => openBlock(stored, sha256Hex(compressible))).toThrow(BlockFormatError);
  });
});

describe('opening a block into given memory', () => {
  const room = () => new Uint8Array(compressible.length + 100);

  it('decodes lz4 and uncompressed blocks in place and returns the raw length', () => {
    const random = randomBytes(50_000);
    for (const raw of [compressible, random]) {
      const into = room();
      expect(openBlockInto(encodeBlock(raw), sha256Hex(raw), into)).toBe(raw.length);
      expect(Buffer.from(into.subarray(0, raw.length)).equals(raw)).toBe(true);
    }
  });

  it('gives the same bytes as the allocating decoder, call after call', () => {
    const blocks = [compressible, Buffer.from('x'.repeat(70_000)), randomBytes(10), Buffer.alloc(0)];
    const into = room();
    for (const raw of [...blocks, ...blocks]) {
      const stored = encodeBlock(raw);
      const length = openBlockInto(stored, sha256Hex(raw), into);
      expect(Buffer.from(into.subarray(0, length)).equals(Buffer.from(decodeBlock(stored)))).toBe(true);
    }
  });

  it('names corruption and refuses blocks larger than the room given', () => {
    const stored = encodeBlock(compressible);
    const flipped = Buffer.from(stored);
    flipped[BLOCK_HEADER_LENGTH + 200] = (flipped[BLOCK_HEADER_LENGTH + 200] ?? 0) ^ 1;
    expect(() => openBlockInto(flipped, sha256Hex(compressible), room())).toThrow(BlockFormatError);
    expect(() => openBlockInto(stored, sha256Hex(compressible), new Uint8Array(1000))).toThrow(
      /more than a block/,
    );
  });

  it('checks the lz4 length prefix before decoding, so a lying prefix cannot allocate', () => {
    const stored = encodeBlock(compressible);
    const huge = Buffer.from(stored);
    huge.writeUInt32LE(0xffff_fff0, BLOCK_HEADER_LENGTH); // the payload's own prefix
    expect(() => openBlockInto(huge, sha256Hex(compressible), room())).toThrow(BlockFormatError);
    const short = Buffer.from(stored);
    short.writeUInt32LE(compressible.length - 1, BLOCK_HEADER_LENGTH);
    expect(() => openBlockInto(short, sha256Hex(compressible), room())).toThrow(BlockFormatError);
    // the codec still works afterwards
    const into = room();
    expect(openBlockInto(stored, sha256Hex(compressible), into)).toBe(compressible.length);
  });
});
