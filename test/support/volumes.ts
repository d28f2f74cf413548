import { createCipheriv, createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Deterministic test volumes: the same (kind, size, seed) always gives the same bytes.
 * Randomness is an AES-128-CTR keystream (fast, seedable). "os-like" mixes compressible
 * pages (text and structured records, each page unique, lz4 ratio ≈ 2), random data
 * (already-compressed files) and zero runs (free space), in 1 MiB regions.
 */
type VolumeKind = 'random' | 'compressible' | 'sparse' | 'os-like';

class Keystream {
  readonly #cipher;
  constructor(seed: string) {
    const key = createHash('sha256').update(seed).digest();
    this.#cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  }
  bytes(length: number): Buffer {
    return this.#cipher.update(Buffer.alloc(length));
  }
}

const WORDS = (
  'the of and to in is for on with as by at from usr lib share bin etc var log kernel module driver ' +
  'config systemd service python3 site-packages __init__ .so .py .conf include linux x86_64 gnu ' +
  'return static const void int char struct unsigned long error warning info debug package version'
).split(' ');

const REGION = 1 << 20;
const PAGE = 4096;

/** One compressible 4 KiB page: words, numbers and a structured record table. */
const compressiblePage = (random: Buffer, page: number): Buffer => {
  const out = Buffer.alloc(PAGE);
  let at = 0;
  let r = 0;
  const next = () => random[r++ % random.length] ?? 0;
  out.write(`page ${page} `, at);
  at += 16;
  while (at < PAGE - 64) {
    const choice = next();
    if (choice < 40) {
      // a structured record: fixed layout, varying fields
      at += out.write(
        `{id:${page * 97 + next()},flags:${next()},name:"${WORDS[next() % WORDS.length]}"}\n`,
        at,
      );
    } else if (choice < 70) {
      for (let i = 0; i < 12; i++) out[at++] = next(); // binary noise, as in executables
    } else {
      at += out.write(`${WORDS[next() % WORDS.length]} `, at);
    }
  }
  return out;
};

const regionKind = (kind: VolumeKind, selector: number): 'random' | 'compressible' | 'zero' => {
  if (kind === 'random') return 'random';
  if (kind === 'compressible') return 'compressible';
  if (kind === 'sparse') return selector < 200 ? 'zero' : selector < 228 ? 'random' : 'compressible';
  return selector < 77 ? 'zero' : selector < 141 ? 'random' : 'compressible';
};

/** Writes the volume's bytes in 1 MiB regions to `path` (created or replaced). */
const writeVolume = async (path: string, kind: VolumeKind, size: number, seed = 'karbor'): Promise<void> => {
  const stream = new Keystream(`${kind}:${seed}`);
  const pool = Array.from({ length: 64 }, (_, i) => compressiblePage(stream.bytes(2048), i));
  const handle = await open(path, 'w');
  try {
    for (let offset = 0; offset < size; offset += REGION) {
      const length = Math.min(REGION, size - offset);
      const selector = stream.bytes(1)[0] ?? 0;
      const what = regionKind(kind, selector);
      let region: Buffer;
      if (what === 'zero') region = Buffer.alloc(length);
      else if (what === 'random') region = stream.bytes(length);
      else {
        // pages from a small pool, each made unique with its number and a few random bytes
        region = Buffer.allocUnsafe(length);
        const noise = stream.bytes((length / PAGE + 1) * 66);
        for (let p = 0; p * PAGE < length; p++) {
          const page = pool[(noise[p * 66] ?? 0) % pool.length] as Buffer;
          page.copy(region, p * PAGE, 0, Math.min(PAGE, length - p * PAGE));
          if (p * PAGE + PAGE <= length) {
            region.writeUInt32LE(offset / PAGE + p, p * PAGE + 8);
            noise.copy(region, p * PAGE + 64 + ((noise[p * 66 + 1] ?? 0) % 32) * 96, p * 66 + 2, p * 66 + 66);
          }
        }
      }
      if (what !== 'zero' || kind !== 'sparse') await handle.write(region, 0, length, offset);
    }
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
};

/**
 * Overwrites `fraction` of the volume's blocks (chosen deterministically) with new data in
 * place, 4 KiB at a random offset inside each chosen block; returns the changed extents.
 */
const changeBlocks = async (
  path: string,
  size: number,
  blockSize: number,
  fraction: number,
  seed = 'change',
): Promise<{ offset: number; data: Buffer }[]> => {
  const stream = new Keystream(seed);
  const blocks = Math.ceil(size / blockSize);
  const chosen = new Set<number>();
  const wanted = Math.max(1, Math.round(blocks * fraction));
  while (chosen.size < wanted) chosen.add(stream.bytes(4).readUInt32LE(0) % blocks);
  const extents: { offset: number; data: Buffer }[] = [];
  const handle = await open(path, 'r+');
  try {
    for (const block of [...chosen].sort((a, b) => a - b)) {
      const blockLength = Math.min(blockSize, size - block * blockSize);
      const length = Math.min(PAGE, blockLength);
      const within = Math.floor((stream.bytes(4).readUInt32LE(0) % (blockLength - length + 1)) / 512) * 512;
      const data = stream.bytes(length);
      const offset = block * blockSize + within;
      await handle.write(data, 0, length, offset);
      extents.push({ offset, data });
    }
  } finally {
    await handle.close();
  }
  return extents;
};

export type { VolumeKind };
export { changeBlocks, Keystream, writeVolume };
