import { createHash } from 'node:crypto';

/**
 * A manifest describes one protected resource (volume or image) in one checkpoint. It is
 * written last: a checkpoint without a complete, checksum-valid manifest is never `available`.
 * Restore and verify need nothing else but the blocks it names.
 *
 * Binary layout (little-endian):
 *
 * | bytes        | content                                                       |
 * |--------------|---------------------------------------------------------------|
 * | 16           | magic `KARBOR-MANIFEST\n`                                     |
 * | 4            | u32 length H of the header                                    |
 * | H            | header: canonical JSON (keys sorted, no spaces), ManifestHeader |
 * | 32 × count   | per block, its SHA-256; 32 zero bytes mark an all-zero block  |
 * | 32           | SHA-256 of every byte before it                               |
 *
 * The encoding is deterministic: the same volume and job give the same bytes, whether the
 * mover ran once or was killed and resumed. Times appear only when the job supplies them.
 */
const MANIFEST_MAGIC = Buffer.from('KARBOR-MANIFEST\n', 'ascii');
const MANIFEST_FORMAT_VERSION = 1;
const HASH_LENGTH = 32;
const ZERO_HASH = Buffer.alloc(HASH_LENGTH);

class ManifestError extends Error {
  override name = 'ManifestError';
}

interface ParentReference {
  readonly checkpointId: string;
  readonly resourceId: string;
  readonly manifestSha256: string;
}

interface ManifestStats {
  /** blocks that hold data (not all-zero) */
  readonly dataBlocks: number;
  readonly zeroBlocks: number;
  /** distinct data blocks (dedup within the resource) */
  readonly uniqueBlocks: number;
}

interface ManifestHeader {
  readonly formatVersion: number;
  readonly project: string;
  readonly checkpointId: string;
  readonly resourceId: string;
  /** logical size of the resource in bytes */
  readonly size: number;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly hashAlgorithm: 'sha256';
  /** codec preferred when writing; each block's header records the codec actually used */
  readonly codec: string;
  /** ISO time supplied by the job, or null — never the mover's clock */
  readonly createdAt: string | null;
  readonly parent: ParentReference | null;
  /** non-secret description of where the data came from, e.g. {type: 'glance', imageId} */
  readonly source: Readonly<Record<string, string | number | null>>;
  readonly stats: ManifestStats;
}

interface Manifest {
  readonly header: ManifestHeader;
  /** blockCount × 32 bytes, see blockHashAt */
  readonly hashes: Buffer;
}

type ManifestInput = Omit<ManifestHeader, 'formatVersion' | 'blockCount' | 'hashAlgorithm' | 'stats'>;

const blockCountFor = (size: number, blockSize: number): number => Math.ceil(size / blockSize);

/** The block's SHA-256 as hex, or null for an all-zero block. */
const blockHashAt = (hashes: Buffer, index: number): string | null => {
  const entry = hashes.subarray(index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
  if (entry.length !== HASH_LENGTH) throw new ManifestError(`block ${index} is outside the manifest`);
  return entry.equals(ZERO_HASH) ? null : entry.toString('hex');
};

const setBlockHash = (hashes: Buffer, index: number, sha256: string | null): void => {
  if (sha256 === null) ZERO_HASH.copy(hashes, index * HASH_LENGTH);
  else if (hashes.write(sha256, index * HASH_LENGTH, HASH_LENGTH, 'hex') !== HASH_LENGTH) {
    throw new ManifestError(`"${sha256}" is not a SHA-256 in hex`);
  }
};

const computeStats = (hashes: Buffer, blockCount: number): ManifestStats => {
  const unique = new Set<string>();
  let zeroBlocks = 0;
  for (let i = 0; i < blockCount; i++) {
    const hash = blockHashAt(hashes, i);
    if (hash === null) zeroBlocks++;
    else unique.add(hash);
  }
  return { dataBlocks: blockCount - zeroBlocks, zeroBlocks, uniqueBlocks: unique.size };
};

const createManifest = (input: ManifestInput, hashes: Buffer): Manifest => {
  if (!Number.isSafeInteger(input.size) || input.size < 0) throw new ManifestError(`bad size ${input.size}`);
  if (!Number.isSafeInteger(input.blockSize) || input.blockSize <= 0) {
    throw new ManifestError(`bad block size ${input.blockSize}`);
  }
  const blockCount = blockCountFor(input.size, input.blockSize);
  if (hashes.length !== blockCount * HASH_LENGTH) {
    throw new ManifestError(`${hashes.length / HASH_LENGTH} hashes for ${blockCount} blocks`);
  }
  const header: ManifestHeader = {
    ...input,
    formatVersion: MANIFEST_FORMAT_VERSION,
    blockCount,
    hashAlgorithm: 'sha256',
    stats: computeStats(hashes, blockCount),
  };
  return { header, hashes };
};

const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

const encodeManifest = (manifest: Manifest): Buffer => {
  const header = Buffer.from(canonicalJson(manifest.header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const body = Buffer.concat([MANIFEST_MAGIC, length, header, manifest.hashes]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
};

const requireField = (ok: boolean, field: string): void => {
  if (!ok) throw new ManifestError(`manifest header field "${field}" is missing or invalid`);
};

const checkHeader = (header: ManifestHeader): void => {
  requireField(header.formatVersion === MANIFEST_FORMAT_VERSION, 'formatVersion');
  for (const field of ['project', 'checkpointId', 'resourceId', 'codec'] as const) {
    requireField(typeof header[field] === 'string', field);
  }
  requireField(Number.isSafeInteger(header.size) && header.size >= 0, 'size');
  requireField(Number.isSafeInteger(header.blockSize) && header.blockSize > 0, 'blockSize');
  requireField(header.blockCount === blockCountFor(header.size, header.blockSize), 'blockCount');
  requireField(header.hashAlgorithm === 'sha256', 'hashAlgorithm');
};

/** Parses and checks a manifest: magic, checksum, header fields and hash-list length. */
const decodeManifest = (bytes: Buffer): Manifest => {
  const minimum = MANIFEST_MAGIC.length + 4 + HASH_LENGTH;
  if (bytes.length < minimum) throw new ManifestError(`manifest is ${bytes.length} bytes, too short`);
  if (!bytes.subarray(0, MANIFEST_MAGIC.length).equals(MANIFEST_MAGIC)) {
    throw new ManifestError('not a Karbor manifest (bad magic)');
  }
  const body = bytes.subarray(0, bytes.length - HASH_LENGTH);
  const checksum = bytes.subarray(bytes.length - HASH_LENGTH);
  if (!createHash('sha256').update(body).digest().equals(checksum)) {
    throw new ManifestError('manifest checksum does not match its content');
  }
  const headerLength = bytes.readUInt32LE(MANIFEST_MAGIC.length);
  const headerStart = MANIFEST_MAGIC.length + 4;
  if (headerStart + headerLength > body.length) throw new ManifestError('manifest header overruns the file');
  let header: ManifestHeader;
  try {
    header = JSON.parse(body.subarray(headerStart, headerStart + headerLength).toString('utf8'));
  } catch (cause) {
    throw new ManifestError('manifest header is not JSON', { cause });
  }
  checkHeader(header);
  const hashes = Buffer.from(body.subarray(headerStart + headerLength));
  if (hashes.length !== header.blockCount * HASH_LENGTH) {
    throw new ManifestError(
      `manifest lists ${hashes.length / HASH_LENGTH} hashes for ${header.blockCount} blocks`,
    );
  }
  return { header, hashes };
};

const manifestSha256 = (encoded: Buffer): string => createHash('sha256').update(encoded).digest('hex');

/** The distinct data-block hashes a manifest references (for GC marking and verify). */
const referencedHashes = (manifest: Manifest): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i < manifest.header.blockCount; i++) {
    const hash = blockHashAt(manifest.hashes, i);
    if (hash !== null) out.add(hash);
  }
  return out;
};

export type { Manifest, ManifestHeader, ManifestInput, ManifestStats, ParentReference };
export {
  blockCountFor,
  blockHashAt,
  canonicalJson,
  createManifest,
  decodeManifest,
  encodeManifest,
  HASH_LENGTH,
  MANIFEST_FORMAT_VERSION,
  ManifestError,
  manifestSha256,
  referencedHashes,
  setBlockHash,
};
