import { createRequire } from 'node:module';
import { CODEC_IDS, type CodecId, type CodecName } from './codec-ids.js';

/** A codec turns a raw block into a payload and back. Pure functions of bytes. */
interface Codec {
  readonly id: CodecId;
  readonly name: CodecName;
  /**
   * Writes the payload for `raw` to the start of `out` (at least `raw.length` long) and returns
   * its length; null when it would not be smaller than `raw` (the caller stores it uncompressed).
   */
  encodeInto(raw: Uint8Array, out: Uint8Array): number | null;
  decode(payload: Uint8Array, rawLength: number): Uint8Array;
  /**
   * Decodes into `into` (which must hold the raw block) and returns the raw length, without
   * allocating: the restore path decodes every block into reused, shared memory.
   */
  decodeInto(payload: Uint8Array, into: Uint8Array): number;
}

class CodecError extends Error {
  override name = 'CodecError';
}

/** What lz4-wasm-nodejs (wasm-bindgen) exports: its glue functions and, as `__wasm`, the instance's. */
interface Lz4Module {
  decompress(input: Uint8Array): Uint8Array;
  readonly __wasm: Lz4Exports;
}

interface Lz4Exports {
  readonly memory: { readonly buffer: ArrayBuffer };
  __wbindgen_add_to_stack_pointer(delta: number): number;
  __wbindgen_malloc(size: number): number;
  __wbindgen_free(pointer: number, size: number): void;
  compress(resultPointer: number, input: number, inputLength: number): void;
  decompress(resultPointer: number, input: number, inputLength: number): void;
}

/**
 * lz4-wasm-nodejs is CommonJS that reads its .wasm from its own directory, so bundles keep it
 * external and ship the package beside themselves (mover-fargate/Dockerfile, the Lambda
 * bundles of infra/karbor-function.ts). It is loaded on first use, not at import: modules
 * that only need a constant of the block format (DEFAULT_BLOCK_SIZE, …) never load it.
 */
let lz4Module: Lz4Module | undefined;
const lz4 = (): Lz4Module => {
  lz4Module ??= createRequire(import.meta.url)('lz4-wasm-nodejs') as Lz4Module;
  return lz4Module;
};

/** lz4-wasm's payload starts with the raw length (u32 LE), then one LZ4 block. */
const lz4RawLength = (payload: Uint8Array): number => {
  if (payload.length < 4) throw new CodecError('lz4 payload is shorter than its length prefix');
  return new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true);
};

/**
 * Calls one of lz4-wasm's functions the way its glue does (input copied into the instance,
 * a 16-byte result on the instance's stack) and hands the result to `use` as a view of the
 * instance's memory, freed afterwards: the glue's copy out of that memory is the one the
 * mover leaves out.
 */
const callLz4 = <T>(
  name: 'compress' | 'decompress',
  input: Uint8Array,
  use: (output: Uint8Array) => T,
): T => {
  const wasm = lz4().__wasm;
  const resultPointer = wasm.__wbindgen_add_to_stack_pointer(-16);
  try {
    const inputPointer = wasm.__wbindgen_malloc(input.length);
    new Uint8Array(wasm.memory.buffer, inputPointer, input.length).set(input);
    wasm[name](resultPointer, inputPointer, input.length); // takes ownership of the input
    const [pointer = 0, length = 0, , failed = 0] = new Int32Array(wasm.memory.buffer, resultPointer, 4);
    // on failure the glue keeps an error message for its own caller; ours names the block
    if (name === 'decompress' && failed !== 0) throw new CodecError('lz4 payload does not decode');
    try {
      return use(new Uint8Array(wasm.memory.buffer, pointer, length));
    } finally {
      wasm.__wbindgen_free(pointer, length);
    }
  } finally {
    wasm.__wbindgen_add_to_stack_pointer(16);
  }
};

const lz4EncodeInto = (raw: Uint8Array, out: Uint8Array): number | null =>
  callLz4('compress', raw, (payload) => {
    if (payload.length >= raw.length) return null;
    out.set(payload);
    return payload.length;
  });

/** The length prefix is checked first, so a corrupt one never makes lz4 allocate more than a block. */
const lz4DecodeInto = (payload: Uint8Array, into: Uint8Array): number => {
  const rawLength = lz4RawLength(payload);
  if (rawLength > into.length) {
    throw new CodecError(`lz4 payload says ${rawLength} bytes, more than the ${into.length} expected`);
  }
  return callLz4('decompress', payload, (decoded) => {
    if (decoded.length !== rawLength) {
      throw new CodecError(`lz4 payload decodes to ${decoded.length} bytes, its prefix says ${rawLength}`);
    }
    into.set(decoded);
    return rawLength;
  });
};

const noneCodec: Codec = {
  id: CODEC_IDS.none,
  name: 'none',
  encodeInto: (raw, out) => {
    out.set(raw);
    return raw.length;
  },
  decode: (payload) => payload,
  decodeInto: (payload, into) => {
    if (payload.length > into.length) {
      throw new CodecError(`payload of ${payload.length} bytes, more than the ${into.length} expected`);
    }
    into.set(payload);
    return payload.length;
  },
};

const lz4Codec: Codec = {
  id: CODEC_IDS.lz4,
  name: 'lz4',
  encodeInto: lz4EncodeInto,
  decode: (payload) => lz4().decompress(payload),
  decodeInto: lz4DecodeInto,
};

const CODECS: Readonly<Record<CodecName, Codec>> = Object.freeze({ none: noneCodec, lz4: lz4Codec });

const codecById = (id: number): Codec | undefined => Object.values(CODECS).find((codec) => codec.id === id);

export type { Codec };
export { CODECS, CodecError, codecById };
