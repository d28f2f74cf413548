import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isPooled } from './block-buffers.js';
import type {
  BlockSlot,
  DecodeResult,
  EncodeResult,
  WorkerRequest,
  WorkerResponse,
} from './worker-protocol.js';

class WorkerPoolError extends Error {
  override name = 'WorkerPoolError';
}

type Pending = { resolve: (value: EncodeResult | DecodeResult) => void; reject: (error: Error) => void };
type Queued = { request: WorkerRequest; transfer: ArrayBuffer[]; pending: Pending };

let devWorkerFile: string | undefined;

/**
 * From TypeScript sources (tsx, vitest) workers get no loader hooks, and registering tsx in
 * each worker costs seconds; so the worker is bundled once per process with esbuild (a runtime
 * dependency for this reason: `npm start` runs the mover from sources) into
 * node_modules/.cache, where it still resolves lz4-wasm-nodejs. The file name is the bundle's hash, so identical builds share one file.
 */
const bundleDevWorker = (entry: URL): string => {
  if (devWorkerFile !== undefined) return devWorkerFile;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const output = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['lz4-wasm-nodejs'],
    write: false,
  }).outputFiles[0];
  if (output === undefined) throw new WorkerPoolError('esbuild produced no worker bundle');
  const cache = join(dirname(dirname(dirname(require.resolve('esbuild')))), '.cache', 'karbor-mover');
  mkdirSync(cache, { recursive: true });
  const file = join(
    cache,
    `block-worker-${createHash('sha256').update(output.contents).digest('hex').slice(0, 16)}.mjs`,
  );
  if (!existsSync(file)) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, output.contents);
    renameSync(temp, file);
  }
  devWorkerFile = file;
  return file;
};

/**
 * Starts block-worker beside this module: the `.mjs`/`.js` file in the esbuild bundle (a
 * second entry point written next to the CLI), or a dev bundle of the `.ts` source.
 */
const startWorker = (): Worker => {
  const here = import.meta.url;
  const extension = /\.(ts|mjs|js)$/.exec(new URL(here).pathname)?.[1] ?? 'js';
  const target = new URL(`./block-worker.${extension}`, here);
  return new Worker(extension === 'ts' ? bundleDevWorker(target) : target);
};

/**
 * Requests queued at each worker: with two, a worker starts its next block while the main
 * thread is still handling the last result, instead of idling for a round trip.
 */
const REQUESTS_PER_WORKER = 2;

/** A fixed set of block workers, each with a couple of requests in hand; the rest wait in a queue. */
class WorkerPool {
  readonly size: number;
  /** one entry per free request slot of a worker */
  readonly #idle: Worker[] = [];
  readonly #workers: Worker[] = [];
  readonly #queue: Queued[] = [];
  readonly #pending = new Map<number, Pending & { worker: Worker }>();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
    for (let i = 0; i < this.size; i++) {
      const worker = startWorker();
      worker.on('message', (response: WorkerResponse) => this.#settle(worker, response));
      worker.on('error', (error) =>
        this.#fail(new WorkerPoolError('block worker crashed', { cause: error })),
      );
      worker.unref();
      this.#workers.push(worker);
    }
    for (let slot = 0; slot < REQUESTS_PER_WORKER; slot++) this.#idle.push(...this.#workers);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    for (const queued of this.#queue.splice(0)) queued.pending.reject(error);
  }

  #settle(worker: Worker, response: WorkerResponse): void {
    const pending = this.#pending.get(response.id);
    this.#pending.delete(response.id);
    this.#idle.push(worker);
    this.#dispatch();
    if (pending === undefined) return;
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new WorkerPoolError(`${response.errorName}: ${response.message}`));
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift() as Worker;
      const job = this.#queue.shift() as Queued;
      this.#pending.set(job.request.id, { ...job.pending, worker });
      worker.postMessage(job.request, job.transfer);
    }
    // keep the process alive only while work is outstanding
    for (const worker of this.#workers) {
      if (this.#pending.size > 0) worker.ref();
      else worker.unref();
    }
  }

  #run<T extends EncodeResult | DecodeResult>(
    build: (id: number) => WorkerRequest,
    transfer: ArrayBuffer[],
  ): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<T>((resolve, reject) => {
      const request = build(this.#nextId++);
      this.#queue.push({ request, transfer, pending: { resolve: resolve as Pending['resolve'], reject } });
      this.#dispatch();
    });
  }

  /**
   * Zero check, hash and (unless the hash equals `unchangedIf`) compress one block into `out`
   * (pooled memory with room for the raw block and a header; the result says how much of it
   * is the stored block). A pooled block is read in place and may be released once this
   * resolves; any other buffer's memory moves to the worker (or is copied, if it does not own it).
   */
  encode(
    data: Buffer,
    out: Buffer,
    unchangedIf: string | null,
    options: { codec?: 'lz4' | 'none'; hashBody?: boolean } = {},
  ): Promise<EncodeResult> {
    if (!isPooled(out)) throw new WorkerPoolError('encode output must come from a BlockBufferPool');
    const shared = isPooled(data);
    const buffer = shared ? (data.buffer as SharedArrayBuffer) : ownedArrayBuffer(data);
    const offset = shared ? data.byteOffset : 0;
    const request = {
      data: buffer,
      offset,
      length: data.length,
      out: slotOf(out),
      codec: options.codec ?? 'lz4',
      unchangedIf,
      hashBody: options.hashBody ?? false,
    } as const;
    return this.#run(
      (id) => ({ op: 'encode', id, ...request }),
      buffer instanceof ArrayBuffer ? [buffer] : [],
    );
  }

  /**
   * Decode a stored block and check its hash; the body's memory moves to the worker. The raw
   * block lands in `into` (a BlockBufferPool buffer) when given, else it is only checked (verify).
   */
  decode(body: Buffer, sha256: string, options: { into?: Buffer } = {}): Promise<DecodeResult> {
    const { into } = options;
    if (into !== undefined && !isPooled(into)) {
      throw new WorkerPoolError('decode target must come from a BlockBufferPool');
    }
    const buffer = ownedArrayBuffer(body);
    const slot = into === undefined ? null : slotOf(into);
    return this.#run(
      (id) => ({
        op: 'decode',
        id,
        body: buffer,
        bodyOffset: 0,
        bodyLength: body.length,
        sha256,
        into: slot,
      }),
      [buffer],
    );
  }

  async close(): Promise<void> {
    this.#fail(new WorkerPoolError('worker pool closed'));
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

const slotOf = (pooled: Buffer): BlockSlot => ({
  memory: pooled.buffer as SharedArrayBuffer,
  offset: pooled.byteOffset,
  length: pooled.length,
});

/** The ArrayBuffer behind `data` if `data` spans all of it (it can move to a worker), else a copy. */
const ownedArrayBuffer = (data: Buffer): ArrayBuffer => {
  const buffer = data.buffer;
  if (buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === buffer.byteLength) {
    return buffer;
  }
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(data);
  return copy;
};

export { WorkerPool, WorkerPoolError };
