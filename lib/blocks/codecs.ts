import { createRequire } from 'node:module';
import { CODEC_IDS, type CodecId, type CodecName } from './codec-ids.js';

/** A codec turns a raw block into a payload and back. Pure functions of bytes. */
interface Codec {
  readonly id: CodecId;
  readonly name: CodecName;
  encode(raw: Uint8Array): Uint8Array;
  decode(payload: Uint8Array, rawLength: number): Uint8Array;
}

interface Lz4Module {
  compress(input: Uint8Array): Uint8Array;
  decompress(input: Uint8Array): Uint8Array;
}

// lz4-wasm-nodejs is CommonJS that loads its .wasm beside itself; the mover bundle keeps it external.
const lz4 = createRequire(import.meta.url)('lz4-wasm-nodejs') as Lz4Module;

const noneCodec: Codec = {
  id: CODEC_IDS.none,
  name: 'none',
  encode: (raw) => raw,
  decode: (payload) => payload,
};

const lz4Codec: Codec = {
  id: CODEC_IDS.lz4,
  name: 'lz4',
  encode: (raw) => lz4.compress(raw),
  decode: (payload) => lz4.decompress(payload),
};

const CODECS: Readonly<Record<CodecName, Codec>> = Object.freeze({ none: noneCodec, lz4: lz4Codec });

const codecById = (id: number): Codec | undefined => Object.values(CODECS).find((codec) => codec.id === id);

export type { Codec };
export { CODECS, codecById };
