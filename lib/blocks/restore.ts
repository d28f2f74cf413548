import { type ChunkStore, NotFoundError } from './chunk-store.js';
import { chunkKey, manifestKey } from './key-layout.js';
import { Semaphore } from './limiting-store.js';
import { blockHashAt, type Manifest } from './manifest.js';
import { loadManifest } from './pipeline/backup.js';
import { BlockBufferPool } from './pipeline/block-buffers.js';
import type { WorkerPool } from './pipeline/worker-pool.js';
import type { ProgressTracker } from './progress.js';
import type { BlockTarget } from './targets/block-target.js';

class RestoreError extends Error {
  override name = 'RestoreError';
}

class MissingBlocksError extends RestoreError {
  override name = 'MissingBlocksError';
  constructor(
    message: string,
    readonly hashes: readonly string[],
  ) {
    super(message);
  }
}

interface RestoreRequest {
  readonly project: string;
  readonly checkpointId: string;
  readonly resourceId: string;
  /** blocks fetched and decoded ahead of the writer; memory ≈ 2 × this × blockSize */
  readonly blocksInFlight: number;
}

interface RestoreResult {
  readonly size: number;
  readonly blockCount: number;
  readonly blocksFetched: number;
  readonly blocksZero: number;
  readonly bytesFetched: number;
}

/** The manifest of a checkpoint's resource, checked; throws what restore and verify report. */
const openManifest = async (store: ChunkStore, request: Omit<RestoreRequest, 'blocksInFlight'>) => {
  const key = manifestKey(request.project, request.checkpointId, request.resourceId);
  try {
    return { key, ...(await loadManifest(store, key)) };
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new RestoreError(`checkpoint ${request.checkpointId} has no manifest for ${request.resourceId}`, {
        cause: error,
      });
    }
    throw error;
  }
};

/** Block indices by the distinct hash they use (zero blocks left out). */
const blocksByHash = (manifest: Manifest): Map<string, number[]> => {
  const usage = new Map<string, number[]>();
  for (let index = 0; index < manifest.header.blockCount; index++) {
    const hash = blockHashAt(manifest.hashes, index);
    if (hash === null) continue;
    const list = usage.get(hash);
    if (list) list.push(index);
    else usage.set(hash, [index]);
  }
  return usage;
};

/**
 * HEADs every distinct block before the first write, so a restore that cannot finish never
 * starts on the target; the error names the missing blocks.
 */
const checkBlocksPresent = async (store: ChunkStore, project: string, manifest: Manifest): Promise<void> => {
  const slots = new Semaphore(32);
  const missing: { hash: string; blocks: number[] }[] = [];
  await Promise.all(
    [...blocksByHash(manifest)].map(([hash, blocks]) =>
      slots.run(async () => {
        if ((await store.head(chunkKey(project, hash))) === undefined) missing.push({ hash, blocks });
      }),
    ),
  );
  if (missing.length === 0) return;
  missing.sort((a, b) => (a.blocks[0] ?? 0) - (b.blocks[0] ?? 0));
  const named = missing
    .slice(0, 10)
    .map(
      ({ hash, blocks }) =>
        `${hash} (block${blocks.length > 1 ? 's' : ''} ${blocks.slice(0, 3).join(', ')}${blocks.length > 3 ? ', …' : ''})`,
    );
  throw new MissingBlocksError(
    `${missing.length} block(s) of the checkpoint are missing from the store; nothing was written: ${named.join('; ')}${missing.length > 10 ? '; …' : ''}`,
    missing.map((m) => m.hash),
  );
};

/**
 * Restores a resource: parallel GETs and decodes (with hash check) up to `blocksInFlight`
 * ahead, written to the target strictly in order.
 */
const runRestore = async (
  request: RestoreRequest,
  deps: {
    store: ChunkStore;
    pool: WorkerPool;
    target: BlockTarget;
    progress: ProgressTracker;
    signal?: AbortSignal;
  },
): Promise<RestoreResult> => {
  const { store, pool, target, progress } = deps;
  const { manifest } = await openManifest(store, request);
  const { size, blockSize, blockCount } = manifest.header;
  const counts = { blocksFetched: 0, blocksZero: 0, bytesFetched: 0 };
  const ahead = Math.max(1, request.blocksInFlight);
  const buffers = new BlockBufferPool(blockSize, ahead + 1);
  const lengthOf = (index: number): number => Math.min(blockSize, size - index * blockSize);
  const fetchBlock = async (index: number): Promise<Buffer | null> => {
    const hash = blockHashAt(manifest.hashes, index);
    if (hash === null) return null;
    let body: Buffer;
    try {
      body = await store.get(chunkKey(request.project, hash));
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new RestoreError(`block ${index} (${hash}) is missing`, { cause: error });
      throw error;
    }
    counts.blocksFetched++;
    counts.bytesFetched += body.length;
    progress.add({ stored: body.length });
    const into = buffers.take(lengthOf(index));
    const result = await pool.decode(body, hash, { into });
    const problem =
      result.kind === 'corrupt'
        ? result.message
        : result.rawLength !== into.length
          ? `it holds ${result.rawLength} bytes, the manifest's block ${into.length}`
          : undefined;
    if (problem !== undefined) {
      buffers.release(into);
      throw new RestoreError(`block ${index} (${hash}) is corrupt: ${problem}`);
    }
    return into;
  };

  const write = async (index: number, data: Buffer | null): Promise<void> => {
    const length = lengthOf(index);
    await target.write(index * blockSize, data, length);
    if (data !== null) buffers.release(data);
    if (data === null) counts.blocksZero++;
    progress.add({ read: length, blocks: 1, logical: length, skipped: data === null ? length : 0 });
  };
  const interrupted = (): void => {
    if (deps.signal?.aborted) throw new RestoreError('restore interrupted');
  };

  await checkBlocksPresent(store, request.project, manifest);
  await target.open(size);
  try {
    if (target.ordered) await writeInOrder(blockCount, ahead, fetchBlock, write, interrupted);
    else await writeConcurrently(blockCount, ahead, fetchBlock, write, interrupted);
    await target.finish();
  } catch (error) {
    await target.abort();
    throw error;
  }
  return { size, blockCount, ...counts };
};

type Fetch = (index: number) => Promise<Buffer | null>;
type Write = (index: number, data: Buffer | null) => Promise<void>;

/** Fetches up to `ahead` blocks in parallel and writes them strictly in order (streams). */
const writeInOrder = async (count: number, ahead: number, fetch: Fetch, write: Write, check: () => void) => {
  const window = new Map<number, Promise<Buffer | null>>();
  let scheduled = 0;
  try {
    for (let written = 0; written < count; written++) {
      check();
      while (scheduled < count && scheduled < written + ahead) {
        const promise = fetch(scheduled);
        promise.catch(() => undefined); // awaited in order below; no unhandled rejection meanwhile
        window.set(scheduled++, promise);
      }
      const data = await (window.get(written) as Promise<Buffer | null>);
      window.delete(written);
      await write(written, data);
    }
  } finally {
    await Promise.allSettled(window.values());
  }
};

/** Fetches, decodes and writes up to `ahead` blocks at once, each at its own offset (files, devices). */
const writeConcurrently = async (
  count: number,
  ahead: number,
  fetch: Fetch,
  write: Write,
  check: () => void,
) => {
  const slots = new Semaphore(ahead);
  const running = new Set<Promise<void>>();
  let failure: unknown;
  for (let index = 0; index < count && failure === undefined; index++) {
    await slots.acquire();
    try {
      check();
    } catch (error) {
      failure = error;
      slots.release();
      break;
    }
    const task: Promise<void> = fetch(index)
      .then((data) => write(index, data))
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        slots.release();
        running.delete(task);
      });
    running.add(task);
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure;
};

export type { RestoreRequest, RestoreResult };
export { checkBlocksPresent, MissingBlocksError, openManifest, RestoreError, runRestore };
