import { randomBytes } from 'node:crypto';
import { AlreadyExistsError, type ChunkStore } from './chunk-store.js';
import { gcLeaseKey } from './key-layout.js';

/**
 * One gc at a time per project (docs/gc.md: two runs deleting the same chunk could remove one a
 * backup has just uploaded again). Backups never look at the lease. The lease is an object
 * created only when absent; one older than `leaseMs` was left by a gc that died and is taken
 * over. A gc stops deleting after half of `leaseMs`, so a live holder is never taken over.
 */
class GcBusyError extends Error {
  override name = 'GcBusyError';
}

interface GcLease {
  readonly key: string;
  release(): Promise<void>;
}

const leaseBody = (now: Date): Buffer =>
  Buffer.from(JSON.stringify({ owner: randomBytes(8).toString('hex'), since: now.toISOString() }));

const tryCreate = async (store: ChunkStore, key: string, now: Date): Promise<boolean> => {
  try {
    await store.put(key, leaseBody(now), { ifAbsent: true });
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
};

const acquireGcLease = async (
  store: ChunkStore,
  project: string,
  options: { leaseMs: number; now: Date },
): Promise<GcLease> => {
  const key = gcLeaseKey(project);
  const lease = { key, release: () => store.delete(key) };
  if (await tryCreate(store, key, options.now)) return lease;
  const held = await store.head(key);
  const age =
    held === undefined ? Number.POSITIVE_INFINITY : options.now.getTime() - held.lastModified.getTime();
  if (age <= options.leaseMs) {
    throw new GcBusyError(`another gc of ${project} holds ${key} since ${held?.lastModified.toISOString()}`);
  }
  await store.delete(key);
  if (await tryCreate(store, key, options.now)) return lease;
  throw new GcBusyError(`another gc of ${project} took over the stale ${key} first`);
};

export type { GcLease };
export { acquireGcLease, GcBusyError };
