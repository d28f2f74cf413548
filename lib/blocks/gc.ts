import type { ChunkStore } from './chunk-store.js';
import type { GcSafety } from './gc-safety.js';
import { checkpointsPrefix, chunksPrefix, hashOfChunkKey, isManifestKey } from './key-layout.js';
import { Semaphore } from './limiting-store.js';
import { decodeManifest, referencedHashes } from './manifest.js';

class GcError extends Error {
  override name = 'GcError';
}

interface GcResult {
  readonly manifests: number;
  readonly activeJournals: number;
  readonly referencedBlocks: number;
  readonly blocksSeen: number;
  readonly blocksDeleted: number;
  readonly bytesDeleted: number;
  /** unreferenced but younger than the grace period */
  readonly blocksKept: number;
}

const journalHashes = (bytes: Buffer): string[] => {
  const parsed = JSON.parse(bytes.toString('utf8')) as { entries?: [number, string | null][] };
  return (parsed.entries ?? []).flatMap(([, hash]) => (hash ? [hash] : []));
};

/**
 * Mark and sweep over one project: every block referenced by a manifest, or listed in a
 * journal segment of a backup that may still run, is kept; other blocks older than the grace
 * period are deleted. A manifest that cannot be read stops GC before anything is deleted.
 */
const runGc = async (
  project: string,
  deps: { store: ChunkStore; safety: GcSafety; now?: Date; concurrency?: number; dryRun?: boolean },
): Promise<GcResult> => {
  const { store, safety } = deps;
  const now = (deps.now ?? new Date()).getTime();
  const live = new Set<string>();
  let manifests = 0;
  let activeJournals = 0;
  for await (const info of store.list(checkpointsPrefix(project))) {
    if (isManifestKey(info.key)) {
      let hashes: Set<string>;
      try {
        hashes = referencedHashes(decodeManifest(await store.get(info.key)));
      } catch (cause) {
        throw new GcError(`cannot read ${info.key}; nothing was deleted`, { cause });
      }
      for (const hash of hashes) live.add(hash);
      manifests++;
    } else if (info.key.includes('.journal/') && now - info.lastModified.getTime() < safety.journalGraceMs) {
      try {
        for (const hash of journalHashes(await store.get(info.key))) live.add(hash);
      } catch (cause) {
        throw new GcError(`cannot read journal ${info.key}; nothing was deleted`, { cause });
      }
      activeJournals++;
    }
  }
  const slots = new Semaphore(deps.concurrency ?? 16);
  const deletions: Promise<void>[] = [];
  let blocksSeen = 0;
  let blocksDeleted = 0;
  let bytesDeleted = 0;
  let blocksKept = 0;
  for await (const info of store.list(chunksPrefix(project))) {
    const hash = hashOfChunkKey(info.key);
    if (hash === undefined) continue;
    blocksSeen++;
    if (live.has(hash)) continue;
    if (now - info.lastModified.getTime() < safety.blockGraceMs) {
      blocksKept++;
      continue;
    }
    blocksDeleted++;
    bytesDeleted += info.size;
    if (!deps.dryRun) deletions.push(slots.run(() => store.delete(info.key)));
  }
  await Promise.all(deletions);
  return {
    manifests,
    activeJournals,
    referencedBlocks: live.size,
    blocksSeen,
    blocksDeleted,
    bytesDeleted,
    blocksKept,
  };
};

export type { GcResult };
export { GcError, runGc };
