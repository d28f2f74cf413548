import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { BlockFormatError, encodeBlock, openBlock, sha256Hex } from '../block-format.js';
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
 * verify. Runs in a worker thread so the event loop keeps feeding uploads (shared/DESIGN.md §3).
 */
let zeros = Buffer.alloc(0);

/**
 * Every block leaves a few MiB of dead ArrayBuffers here (lz4-wasm copies its output out of
 * wasm memory). V8 collects them only after ~64 MiB of external growth per isolate, which
 * would put ~100 MiB of garbage per worker into the mover's RSS. Collecting every 32 MiB keeps
 * memory bounded by blocks in flight (a young-heap GC here takes about a millisecond).
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const COLLECT_EVERY = 32 << 20;
let sinceCollect = 0;
const processed = (bytes: number): void => {
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

const encode = (request: EncodeRequest): { result: EncodeResult; transfer: ArrayBuffer[] } => {
  const data = Buffer.from(request.data, 0, request.length);
  if (isZero(data)) return { result: { kind: 'zero' }, transfer: [] };
  const sha256 = sha256Hex(data);
  if (sha256 === request.unchangedIf) return { result: { kind: 'unchanged', sha256 }, transfer: [] };
  const body = encodeBlock(data, CODECS[request.codec]);
  // encodeBlock allocates the body with allocUnsafeSlow: it owns its whole ArrayBuffer
  const buffer = body.buffer as ArrayBuffer;
  const bodySha256 = request.hashBody ? sha256Hex(body) : null;
  return { result: { kind: 'data', sha256, body: buffer, bodySha256 }, transfer: [buffer] };
};

const decode = (request: DecodeRequest): { result: DecodeResult; transfer: ArrayBuffer[] } => {
  try {
    const raw = openBlock(
      new Uint8Array(request.body, request.bodyOffset, request.bodyLength),
      request.sha256,
    );
    if (request.into !== null) {
      if (raw.byteLength > request.into.byteLength) {
        throw new BlockFormatError(`block decodes to ${raw.byteLength} bytes, more than a block`);
      }
      new Uint8Array(request.into).set(raw);
    }
    if (request.into !== null || !request.keep) {
      return { result: { kind: 'raw', raw: null, rawLength: raw.byteLength }, transfer: [] };
    }
    const copy = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
    const buffer = copy.buffer as ArrayBuffer;
    return { result: { kind: 'raw', raw: buffer, rawLength: copy.byteLength }, transfer: [buffer] };
  } catch (error) {
    if (!(error instanceof BlockFormatError)) throw error;
    return { result: { kind: 'corrupt', errorName: error.name, message: error.message }, transfer: [] };
  }
};

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    const { result, transfer } = request.op === 'encode' ? encode(request) : decode(request);
    parentPort?.postMessage({ id: request.id, ok: true, result }, transfer);
    processed(request.op === 'encode' ? request.length : request.bodyLength);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ id: request.id, ok: false, errorName: e.name, message: e.message });
  }
});
