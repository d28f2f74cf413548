import { createHash } from 'node:crypto';
import { codecNameOf } from './codec-ids.js';
import { CODECS, type Codec, codecById } from './codecs.js';

/**
 * One stored block = a 16-byte header, then the payload. All integers little-endian.
 *
 * | offset | size | field                                            |
 * |--------|------|--------------------------------------------------|
 * | 0      | 4    | magic `KBLK`                                     |
 * | 4      | 1    | format version (1)                               |
 * | 5      | 1    | codec ID (codec-ids.ts, frozen table)             |
 * | 6      | 2    | flags, 0 (readers reject unknown flags)          |
 * | 8      | 4    | raw length: bytes after decoding                 |
 * | 12     | 4    | payload length: bytes after this header          |
 *
 * The block's name is the SHA-256 of the raw bytes, so a reader checks integrity by decoding
 * and re-hashing. A writer falls back to codec `none` when compression does not shrink the block.
 */
const BLOCK_MAGIC = Buffer.from('KBLK', 'ascii');
const BLOCK_FORMAT_VERSION = 1;
const BLOCK_HEADER_LENGTH = 16;
const MAX_RAW_LENGTH = 0xffff_ffff;
/** the largest block a job may ask for (job-spec.ts) */
const MAX_BLOCK_SIZE = 64 << 20;

class BlockFormatError extends Error {
  override name = 'BlockFormatError';
}

/** The block's bytes do not hash to the name it was stored under. */
class BlockCorruptError extends BlockFormatError {
  override name = 'BlockCorruptError';
  constructor(
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(`block ${expectedSha256} is corrupt: its content hashes to ${actualSha256}`);
  }
}

interface BlockHeader {
  readonly version: number;
  readonly codecId: number;
  readonly rawLength: number;
  readonly payloadLength: number;
}

const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Encodes a raw block into `out` (room for the raw block and a header) with the preferred
 * codec, or `none` when that is not smaller; returns the stored block's length.
 */
const encodeBlockInto = (raw: Uint8Array, out: Uint8Array, preferred: Codec = CODECS.lz4): number => {
  if (raw.length > MAX_RAW_LENGTH) throw new BlockFormatError(`block of ${raw.length} bytes is too large`);
  if (out.length < BLOCK_HEADER_LENGTH + raw.length) {
    throw new RangeError(`${out.length} bytes cannot hold a stored block of ${raw.length} raw bytes`);
  }
  const payload = out.subarray(BLOCK_HEADER_LENGTH);
  let codec = preferred;
  let payloadLength = preferred.encodeInto(raw, payload);
  if (payloadLength === null) {
    codec = CODECS.none;
    payloadLength = CODECS.none.encodeInto(raw, payload) as number;
  }
  const header = Buffer.from(out.buffer, out.byteOffset, BLOCK_HEADER_LENGTH);
  BLOCK_MAGIC.copy(header, 0);
  header.writeUInt8(BLOCK_FORMAT_VERSION, 4);
  header.writeUInt8(codec.id, 5);
  header.writeUInt16LE(0, 6);
  header.writeUInt32LE(raw.length, 8);
  header.writeUInt32LE(payloadLength, 12);
  return BLOCK_HEADER_LENGTH + payloadLength;
};

/** Encodes a raw block into a new buffer of exactly the stored block's length. */
const encodeBlock = (raw: Uint8Array, preferred: Codec = CODECS.lz4): Buffer => {
  const out = Buffer.allocUnsafeSlow(BLOCK_HEADER_LENGTH + raw.length);
  const length = encodeBlockInto(raw, out, preferred);
  return length === out.length ? out : Buffer.from(out.subarray(0, length));
};

const readBlockHeader = (bytes: Uint8Array): BlockHeader => {
  if (bytes.length < BLOCK_HEADER_LENGTH) {
    throw new BlockFormatError(
      `block is ${bytes.length} bytes, shorter than its ${BLOCK_HEADER_LENGTH}-byte header`,
    );
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (!buf.subarray(0, 4).equals(BLOCK_MAGIC)) throw new BlockFormatError('block does not start with KBLK');
  const version = buf.readUInt8(4);
  if (version !== BLOCK_FORMAT_VERSION)
    throw new BlockFormatError(`unsupported block format version ${version}`);
  const flags = buf.readUInt16LE(6);
  if (flags !== 0) throw new BlockFormatError(`unknown block flags 0x${flags.toString(16)}`);
  const header = {
    version,
    codecId: buf.readUInt8(5),
    rawLength: buf.readUInt32LE(8),
    payloadLength: buf.readUInt32LE(12),
  };
  if (bytes.length !== BLOCK_HEADER_LENGTH + header.payloadLength) {
    throw new BlockFormatError(
      `block payload is ${bytes.length - BLOCK_HEADER_LENGTH} bytes, header says ${header.payloadLength}`,
    );
  }
  return header;
};

/** Decodes a stored block to its raw bytes; checks the header and the decoded length. */
const decodeBlock = (bytes: Uint8Array): Uint8Array => {
  const header = readBlockHeader(bytes);
  const codec = codecById(header.codecId);
  if (codec === undefined) throw new BlockFormatError(`unknown codec ID ${header.codecId}`);
  const payload = bytes.subarray(BLOCK_HEADER_LENGTH);
  let raw: Uint8Array;
  try {
    raw = codec.decode(payload, header.rawLength);
  } catch (cause) {
    throw new BlockFormatError(`${codecNameOf(header.codecId)} payload does not decode`, { cause });
  }
  if (raw.length !== header.rawLength) {
    throw new BlockFormatError(`block decodes to ${raw.length} bytes, header says ${header.rawLength}`);
  }
  return raw;
};

/** Decodes a stored block and checks that it hashes to the name it was fetched under. */
const openBlock = (bytes: Uint8Array, expectedSha256: string): Uint8Array => {
  const raw = decodeBlock(bytes);
  const actual = sha256Hex(raw);
  if (actual !== expectedSha256) throw new BlockCorruptError(expectedSha256, actual);
  return raw;
};

/**
 * Decodes a stored block into `into` (the raw block's room) and checks its name; returns the
 * raw length. Nothing is allocated, so restore and verify reuse the same memory for every block.
 */
const openBlockInto = (bytes: Uint8Array, expectedSha256: string, into: Uint8Array): number => {
  const header = readBlockHeader(bytes);
  const codec = codecById(header.codecId);
  if (codec === undefined) throw new BlockFormatError(`unknown codec ID ${header.codecId}`);
  if (header.rawLength > into.length) {
    throw new BlockFormatError(`block decodes to ${header.rawLength} bytes, more than a block`);
  }
  const raw = into.subarray(0, header.rawLength);
  let length: number;
  try {
    length = codec.decodeInto(bytes.subarray(BLOCK_HEADER_LENGTH), raw);
  } catch (cause) {
    throw new BlockFormatError(`${codecNameOf(header.codecId)} payload does not decode`, { cause });
  }
  if (length !== header.rawLength) {
    throw new BlockFormatError(`block decodes to ${length} bytes, header says ${header.rawLength}`);
  }
  const actual = sha256Hex(raw);
  if (actual !== expectedSha256) throw new BlockCorruptError(expectedSha256, actual);
  return length;
};

export type { BlockHeader };
export {
  BLOCK_FORMAT_VERSION,
  BLOCK_HEADER_LENGTH,
  BlockCorruptError,
  BlockFormatError,
  decodeBlock,
  encodeBlock,
  encodeBlockInto,
  MAX_BLOCK_SIZE,
  openBlock,
  openBlockInto,
  readBlockHeader,
  sha256Hex,
};
