import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import {
  BlockFormatError,
  encodeBlockInto,
  MAX_BLOCK_SIZE,
  openBlockInto,
  readBlockHeader,
  sha256Hex,
} from '../block-format.js';
import { CODECS } from '../codecs.js';
import type {
  DecodeRequest,
  DecodeResult,
  EncodeRequest,
  EncodeResult,
  WorkerRequest,
} from './worker-protocol.js';

/**
 * A block worker: zero check, SHA-256 and lz4 for backup; decode and hash check for restore and
 * verify. Runs in a worker thread so the event loop keeps feeding uploads (docs/DESIGN.md §5).
 */
let zeros = Buffer.alloc(0);

/**
 * Every stored block moved here to be decoded is garbage once checked (blocks being encoded
 * and their results stay in the pools' shared memory). V8 collects such
 * ArrayBuffers only after ~64 MiB of external growth per isolate, which would put ~100 MiB of
 * dead bodies per worker into the mover's RSS. Collecting every 32 MiB keeps memory bounded
 * by blocks in flight (a young-heap GC here takes about a millisecond).
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const COLLECT_EVERY = 32 << 20;
let sinceCollect = 0;
const discarded = (bytes: number): void => {
  sinceCollect += bytes;
  if (sinceCollect >= COLLECT_EVERY) {
    sinceCollect = 0;
    collect();
  }
};

const isZero = (data: Buffer): boolean => {
  if (zeros.length < data.length) zeros = Buffer.alloc(data.length);
  return data.equals(zeros.subarray(0, data.length));
};

const encode = (request: EncodeRequest): EncodeResult => {
  const data = Buffer.from(request.data, request.offset, request.length);
  if (isZero(data)) return { kind: 'zero' };
  const sha256 = sha256Hex(data);
  if (sha256 === request.unchangedIf) return { kind: 'unchanged', sha256 };
  const out = new Uint8Array(request.out.memory, request.out.offset, request.out.length);
  const bodyLength = encodeBlockInto(data, out, CODECS[request.codec]);
  const bodySha256 = request.hashBody ? sha256Hex(out.subarray(0, bodyLength)) : null;
  return { kind: 'data', sha256, bodyLength, bodySha256 };
};

/** where verify decodes: reused for every block, so checking allocates nothing */
let scratch = new Uint8Array(0);

const decode = (request: DecodeRequest): DecodeResult => {
  const body = new Uint8Array(request.body, request.bodyOffset, request.bodyLength);
  try {
    let into: Uint8Array;
    if (request.into !== null) {
      into = new Uint8Array(request.into.memory, request.into.offset, request.into.length);
    } else {
      const { rawLength } = readBlockHeader(body);
      if (rawLength > MAX_BLOCK_SIZE) {
        throw new BlockFormatError(`block decodes to ${rawLength} bytes, more than any block`);
      }
      if (scratch.length < rawLength) scratch = new Uint8Array(rawLength);
      into = scratch;
    }
    return { kind: 'raw', rawLength: openBlockInto(body, request.sha256, into) };
  } catch (error) {
    if (!(error instanceof BlockFormatError)) throw error;
    return { kind: 'corrupt', errorName: error.name, message: error.message };
  }
};

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    const result = request.op === 'encode' ? encode(request) : decode(request);
    parentPort?.postMessage({ id: request.id, ok: true, result });
    if (request.op === 'decode') discarded(request.bodyLength);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ id: request.id, ok: false, errorName: e.name, message: e.message });
  }
});
