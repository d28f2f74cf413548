import { createHash } from 'node:crypto';
import { type ChunkStore, NotFoundError } from './chunk-store.js';
import { chunkKey } from './key-layout.js';
import { Semaphore } from './limiting-store.js';
import { blockHashAt } from './manifest.js';
import type { WorkerPool } from './pipeline/worker-pool.js';
import type { ProgressTracker } from './progress.js';
import { openManifest } from './restore.js';

interface VerifyRequest {
  readonly project: string;
  readonly checkpointId: string;
  readonly resourceId: string;
  /** fraction of distinct blocks to check, 0 < f ≤ 1 (1 = all) */
  readonly sampleFraction: number;
  /** picks the sample; the same seed checks the same blocks */
  readonly seed: string;
  readonly concurrency: number;
}

interface BlockProblem {
  readonly sha256: string;
  /** block indices in the resource that use this block */
  readonly blocks: number[];
  readonly reason: string;
}

interface VerifyResult {
  readonly manifestKey: string;
  readonly blockCount: number;
  readonly uniqueBlocks: number;
  readonly blocksChecked: number;
  readonly bytesFetched: number;
  readonly missing: BlockProblem[];
  readonly corrupt: BlockProblem[];
  readonly ok: boolean;
}

/** Deterministic sample: a block is in it when H(seed, hash) falls below the fraction. */
const inSample = (seed: string, sha256: string, fraction: number): boolean => {
  if (fraction >= 1) return true;
  const digest = createHash('sha256').update(seed).update(sha256).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < fraction;
};

/**
 * Verifies a checkpoint's resource: its manifest checksum (on load), then every distinct block
 * in the sample fetched, decoded and re-hashed. Missing and corrupt blocks are named.
 */
const runVerify = async (
  request: VerifyRequest,
  deps: { store: ChunkStore; pool: WorkerPool; progress: ProgressTracker },
): Promise<VerifyResult> => {
  const { store, pool, progress } = deps;
  const { key, manifest } = await openManifest(store, request);
  const usage = new Map<string, number[]>();
  for (let i = 0; i < manifest.header.blockCount; i++) {
    const hash = blockHashAt(manifest.hashes, i);
    if (hash === null) continue;
    const list = usage.get(hash);
    if (list) list.push(i);
    else usage.set(hash, [i]);
  }
  const sample = [...usage.keys()].filter((hash) => inSample(request.seed, hash, request.sampleFraction));
  const missing: BlockProblem[] = [];
  const corrupt: BlockProblem[] = [];
  let bytesFetched = 0;
  const slots = new Semaphore(Math.max(1, request.concurrency));
  await Promise.all(
    sample.map((hash) =>
      slots.run(async () => {
        const blocks = usage.get(hash) ?? [];
        let body: Buffer;
        try {
          body = await store.get(chunkKey(request.project, hash));
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          missing.push({ sha256: hash, blocks, reason: 'not in the store' });
          progress.add({ blocks: 1 });
          return;
        }
        bytesFetched += body.length;
        progress.add({ stored: body.length, blocks: 1 });
        const result = await pool.decode(body, hash);
        if (result.kind === 'corrupt') corrupt.push({ sha256: hash, blocks, reason: result.message });
        else progress.add({ read: result.rawLength, logical: result.rawLength });
      }),
    ),
  );
  const byFirstBlock = (a: BlockProblem, b: BlockProblem) => (a.blocks[0] ?? 0) - (b.blocks[0] ?? 0);
  return {
    manifestKey: key,
    blockCount: manifest.header.blockCount,
    uniqueBlocks: usage.size,
    blocksChecked: sample.length,
    bytesFetched,
    missing: missing.sort(byFirstBlock),
    corrupt: corrupt.sort(byFirstBlock),
    ok: missing.length === 0 && corrupt.length === 0,
  };
};

export type { BlockProblem, VerifyRequest, VerifyResult };
export { inSample, runVerify };
