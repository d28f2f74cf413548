import { createHash } from 'node:crypto';
import { BLOCK_HEADER_LENGTH, decodeBlock } from '../block-format.js';
import { AlreadyExistsError, type ChunkStore } from '../chunk-store.js';
import { GC_SAFETY, type GcSafety } from '../gc-safety.js';
import { Journal } from '../journal.js';
import { chunkKey, journalPrefix, manifestKey } from '../key-layout.js';
import { Semaphore } from '../limiting-store.js';
import {
  blockCountFor,
  blockHashAt,
  canonicalJson,
  createManifest,
  decodeManifest,
  encodeManifest,
  HASH_LENGTH,
  type Manifest,
  ManifestError,
  manifestSha256,
  setBlockHash,
} from '../manifest.js';
import type { ProgressTracker } from '../progress.js';
import type { BlockSource, SourceBlock } from '../sources/block-source.js';
import { BlockBufferPool } from './block-buffers.js';
import { type GuardClock, ReuseGuard } from './reuse-guard.js';
import type { WorkerPool } from './worker-pool.js';
import type { EncodeResult } from './worker-protocol.js';

class BackupError extends Error {
  override name = 'BackupError';
}

/** The mover was told to stop (SIGTERM/SIGINT); in-flight blocks were drained and journaled. */
class InterruptedError extends Error {
  override name = 'InterruptedError';
}

interface BackupRequest {
  readonly project: string;
  readonly checkpointId: string;
  readonly resourceId: string;
  readonly blockSize: number;
  readonly createdAt: string | null;
  readonly parent: { readonly checkpointId: string; readonly resourceId: string } | null;
  readonly codec: 'lz4' | 'none';
  /** blocks read but not yet stored; memory ≈ 2 × this × blockSize */
  readonly blocksInFlight: number;
}

interface BackupDependencies {
  readonly store: ChunkStore;
  readonly pool: WorkerPool;
  readonly source: BlockSource;
  readonly progress: ProgressTracker;
  readonly signal?: AbortSignal;
  /** journal segment size (tests make it small to resume at fine grain) */
  readonly journalEntriesPerSegment?: number;
  readonly journalFlushIntervalMs?: number;
  /** the gc protocol's timing (docs/gc.md); default full */
  readonly gcSafety?: GcSafety;
  /** monotonic time and sleep of the gc protocol, for tests */
  readonly clock?: GuardClock;
}

interface BackupResult {
  readonly manifestKey: string;
  readonly manifestSha256: string;
  readonly size: number;
  readonly blockCount: number;
  readonly blocksUploaded: number;
  readonly blocksResumed: number;
  readonly blocksUnchanged: number;
  readonly blocksDeduplicated: number;
  readonly blocksZero: number;
  readonly bytesRead: number;
  readonly bytesUploaded: number;
  /** true when the manifest already existed and nothing was done */
  readonly alreadyComplete: boolean;
}

const loadManifest = async (
  store: ChunkStore,
  key: string,
): Promise<{ manifest: Manifest; sha256: string }> => {
  const bytes = await store.get(key);
  return { manifest: decodeManifest(bytes), sha256: manifestSha256(bytes) };
};

const fingerprintOf = (request: BackupRequest, source: BlockSource, parentSha256: string | null): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        request: { ...request, blocksInFlight: null },
        source: source.description,
        parentSha256,
      }),
    )
    .digest('hex');

/**
 * Backs up one resource: reads the source's blocks (only changed ones when it knows them),
 * hashes and compresses them in workers, uploads new blocks idempotently, journals progress,
 * and writes the manifest last.
 */
const runBackup = async (request: BackupRequest, deps: BackupDependencies): Promise<BackupResult> => {
  const { store, pool, source, progress } = deps;
  const key = manifestKey(request.project, request.checkpointId, request.resourceId);
  const existing = await store.head(key);
  if (existing !== undefined) {
    const { manifest, sha256 } = await loadManifest(store, key);
    // a run killed between writing the manifest and clearing its journal left segments behind
    const prefix = journalPrefix(request.project, request.checkpointId, request.resourceId);
    for await (const info of store.list(prefix)) await store.delete(info.key);
    return {
      ...emptyCounts,
      manifestKey: key,
      manifestSha256: sha256,
      size: manifest.header.size,
      blockCount: manifest.header.blockCount,
      alreadyComplete: true,
    };
  }
  // first, before anything is read: the gc protocol counts the backup's time from here
  const guard = await ReuseGuard.open(store, request, deps.gcSafety ?? GC_SAFETY.full, deps.clock);
  const parent = request.parent
    ? await loadManifest(
        store,
        manifestKey(request.project, request.parent.checkpointId, request.parent.resourceId),
      )
    : undefined;
  if (parent && parent.manifest.header.blockSize !== request.blockSize) {
    throw new BackupError(
      `parent block size ${parent.manifest.header.blockSize} differs from the job's ${request.blockSize}`,
    );
  }
  if (source.unlisted === 'parent' && parent === undefined) {
    throw new BackupError('an incremental export-diff source needs the parent checkpoint in the job');
  }
  const { size } = source;
  const blockCount = blockCountFor(size, request.blockSize);
  const hashes = Buffer.alloc(blockCount * HASH_LENGTH);
  const decided = new Uint8Array(blockCount);
  const parentHashes = parent?.manifest.hashes;
  const parentCount = parent?.manifest.header.blockCount ?? 0;
  const parentHashAt = (index: number): string | null =>
    parentHashes && index < parentCount ? blockHashAt(parentHashes, index) : null;
  const known = new Set<string>();
  if (parent) for (let i = 0; i < parentCount; i++) known.add(parentHashAt(i) ?? '');
  known.delete('');

  const journal = await Journal.open(
    store,
    journalPrefix(request.project, request.checkpointId, request.resourceId),
    fingerprintOf(request, source, parent?.sha256 ?? null),
    {
      entriesPerSegment: deps.journalEntriesPerSegment ?? 64,
      maxDelayMs: deps.journalFlushIntervalMs ?? 500,
    },
  );
  const counts = { ...emptyCounts, blocksResumed: 0 };
  const lengthOf = (index: number): number => Math.min(request.blockSize, size - index * request.blockSize);
  const decide = (index: number, hash: string | null): void => {
    setBlockHash(hashes, index, hash);
    decided[index] = 1;
  };
  for (const [index, hash] of journal.resumed) {
    if (index >= blockCount || (hash !== null && guard.isSuspect(hash))) continue; // read again
    if (hash !== null) await guard.rely(hash);
    decide(index, hash);
    counts.blocksResumed++;
    progress.add({ skipped: lengthOf(index), blocks: 1, logical: lengthOf(index) });
  }
  const resumedOnly = new Uint8Array(decided);
  const parentSize = parent?.manifest.header.size ?? 0;
  /** what an unlisted block is once the source is done: zero, the parent's hash, or 'recompute' */
  const unlistedHash = (index: number): string | null | 'recompute' => {
    if (source.unlisted === 'zero') return null;
    // the parent's last block was partial: if the size changed, its hash no longer applies
    const end = (index + 1) * request.blockSize;
    if (end <= parentSize || parentSize === size) return parentHashAt(index);
    return index < parentCount ? 'recompute' : null;
  };

  const slots = new Semaphore(Math.max(1, request.blocksInFlight));
  const buffers = new BlockBufferPool(request.blockSize, request.blocksInFlight + 1);
  const bodies = new BlockBufferPool(BLOCK_HEADER_LENGTH + request.blockSize, request.blocksInFlight);
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  const flushTimer = setInterval(
    () => void journal.flush().catch(() => undefined),
    deps.journalFlushIntervalMs ?? 2000,
  );
  flushTimer.unref();

  const processBlock = async (block: SourceBlock): Promise<void> => {
    const length = block.data.length;
    progress.add({ read: length });
    const out = bodies.take(BLOCK_HEADER_LENGTH + length);
    try {
      const parentHash = parentHashAt(block.index);
      const unchangedIf = parentHash !== null && !guard.isSuspect(parentHash) ? parentHash : null;
      const result = await pool.encode(block.data, out, unchangedIf, {
        codec: request.codec,
        hashBody: store.checksumsPuts,
      });
      buffers.release(block.data);
      await storeResult(block.index, length, result, out);
    } finally {
      bodies.release(out);
    }
    counts.bytesRead += length;
    journal.record(block.index, blockHashAt(hashes, block.index));
    progress.add({ blocks: 1, logical: length });
  };

  /** Records an encoded block: nothing for zeros, known blocks are relied on, others are put. */
  const storeResult = async (index: number, length: number, result: EncodeResult, out: Buffer) => {
    if (result.kind === 'zero') {
      counts.blocksZero++;
      decide(index, null);
      progress.add({ skipped: length });
    } else if (result.kind === 'unchanged' || (known.has(result.sha256) && !guard.isSuspect(result.sha256))) {
      if (result.kind === 'unchanged') counts.blocksUnchanged++;
      else counts.blocksDeduplicated++;
      await guard.rely(result.sha256);
      decide(index, result.sha256);
      progress.add({ skipped: length });
    } else {
      known.add(result.sha256);
      const body = out.subarray(0, result.bodyLength);
      const options = { ...(result.bodySha256 ? { sha256: result.bodySha256 } : {}) };
      const stored = await putBlock(result.sha256, body, options);
      if (stored === 'uploaded') {
        counts.blocksUploaded++;
        counts.bytesUploaded += body.length;
        progress.add({ stored: body.length });
      } else {
        counts.blocksDeduplicated++;
        progress.add({ skipped: length });
      }
      decide(index, result.sha256);
    }
  };

  /** Puts a new block; one that exists already is relied on (refreshed when gc condemned it). */
  const putBlock = async (sha256: string, body: Buffer, options: { sha256?: string }) => {
    try {
      await store.put(chunkKey(request.project, sha256), body, { ifAbsent: true, ...options });
      guard.noteUploaded(sha256);
      return 'uploaded';
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) {
        known.delete(sha256);
        throw error;
      }
      return guard.rely(sha256, { bytes: body, options });
    }
  };

  const baseBlock = async (index: number): Promise<Buffer> => {
    const length = lengthOf(index);
    const base = buffers.take(length).fill(0);
    const hash = source.unlisted === 'parent' ? parentHashAt(index) : null;
    if (hash !== null) {
      const raw = decodeBlock(await store.get(chunkKey(request.project, hash)));
      Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).copy(
        base,
        0,
        0,
        Math.min(length, raw.byteLength),
      );
    }
    return base;
  };

  const iterator = source
    .blocks({
      blockSize: request.blockSize,
      skip: (index) => resumedOnly[index] === 1,
      allocate: (length) => buffers.take(length),
      base: baseBlock,
    })
    [Symbol.asyncIterator]();
  try {
    for (;;) {
      await slots.acquire();
      if (failure !== undefined || deps.signal?.aborted) break;
      const next = await iterator.next();
      if (next.done) break;
      const block = next.value;
      if (block.index >= blockCount || block.data.length !== lengthOf(block.index)) {
        throw new BackupError(`source yielded block ${block.index} of ${block.data.length} bytes`);
      }
      const task = processBlock(block)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          slots.release();
          inFlight.delete(task);
        });
      inFlight.add(task);
    }
    if (source.unlisted !== 'absent' && failure === undefined && !deps.signal?.aborted) {
      for (let index = 0; index < blockCount; index++) {
        if (decided[index]) continue;
        const hash = unlistedHash(index);
        if (hash === 'recompute') await processBlock({ index, data: await baseBlock(index) });
        else {
          if (hash !== null) await guard.rely(hash);
          decide(index, hash);
        }
      }
    }
  } catch (error) {
    failure ??= error;
  } finally {
    await Promise.all(inFlight);
    clearInterval(flushTimer);
    await iterator.return?.();
    await journal.flush().catch((error: unknown) => {
      failure ??= error;
    });
  }
  if (failure !== undefined) throw failure;
  if (deps.signal?.aborted)
    throw new InterruptedError('backup interrupted; the journal holds the blocks done');

  const missing = decided.indexOf(0);
  if (missing >= 0) throw new BackupError(`source never produced block ${missing} of ${blockCount}`);
  await guard.confirm();
  guard.checkDeadline();
  const manifest = createManifest(
    {
      project: request.project,
      checkpointId: request.checkpointId,
      resourceId: request.resourceId,
      size,
      blockSize: request.blockSize,
      codec: request.codec,
      createdAt: request.createdAt,
      parent: parent && request.parent ? { ...request.parent, manifestSha256: parent.sha256 } : null,
      source: source.description,
    },
    hashes,
  );
  const encoded = encodeManifest(manifest);
  try {
    await store.put(key, encoded, { ifAbsent: true });
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    if (!(await store.get(key)).equals(encoded)) {
      throw new ManifestError(`${key} was written meanwhile with different content`, { cause: error });
    }
  }
  await journal.clear();
  await guard.finish();
  return {
    ...counts,
    manifestKey: key,
    manifestSha256: manifestSha256(encoded),
    size,
    blockCount,
    alreadyComplete: false,
  };
};

const emptyCounts = {
  blocksUploaded: 0,
  blocksResumed: 0,
  blocksUnchanged: 0,
  blocksDeduplicated: 0,
  blocksZero: 0,
  bytesRead: 0,
  bytesUploaded: 0,
};

export type { BackupDependencies, BackupRequest, BackupResult };
export { BackupError, InterruptedError, loadManifest, runBackup };
