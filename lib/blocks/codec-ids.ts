/**
 * Codec identifiers written into every stored block header (block-format.ts). This table is
 * FROZEN: an ID, once released, keeps its meaning forever and is never reused, even if the
 * codec is retired — old blocks in the bank must stay readable (kopia compression_ids.go).
 *
 * - 0 `none`: the payload is the raw block.
 * - 1 `lz4`: LZ4 *block* format preceded by the raw length as u32 little-endian (lz4_flex
 *   `compress_prepend_size`; python-lz4 `lz4.block.compress(store_size=True)` reads and writes
 *   the same bytes).
 */
const CODEC_IDS = Object.freeze({
  none: 0,
  lz4: 1,
} as const);

type CodecName = keyof typeof CODEC_IDS;
type CodecId = (typeof CODEC_IDS)[CodecName];

/** IDs that were released once and withdrawn; listed so nobody hands them out again. */
const RETIRED_CODEC_IDS: readonly number[] = Object.freeze([]);

const codecNameOf = (id: number): CodecName | undefined =>
  (Object.keys(CODEC_IDS) as CodecName[]).find((name) => CODEC_IDS[name] === id);

const isCodecName = (name: string): name is CodecName => Object.hasOwn(CODEC_IDS, name);

export type { CodecId, CodecName };
export { CODEC_IDS, codecNameOf, isCodecName, RETIRED_CODEC_IDS };
