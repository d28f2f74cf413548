import { setTimeout as sleep } from 'node:timers/promises';
import { AlreadyExistsError, type ChunkStore, NotFoundError, type PutOptions } from '../chunk-store.js';
import { allHashes, encodeHashList, readCondemnedLists, readHashList } from '../condemned.js';
import type { GcSafety } from '../gc-safety.js';
import { chunkKey, missingBlocksKey } from '../key-layout.js';
import { Semaphore } from '../limiting-store.js';

/** Blocks a backup relied on are gone from the store: the next run of the job reads them again. */
class BlocksGoneError extends Error {
  override name = 'BlocksGoneError';
  constructor(readonly hashes: readonly string[]) {
    const shown = hashes.slice(0, 5).join(', ');
    super(
      `${hashes.length} block(s) this backup re-uses are gone from the store (${shown}${hashes.length > 5 ? ', …' : ''}); ` +
        'no manifest was written; run the job again: it reads them again (an export-diff backup needs its parent’s blocks and fails again)',
    );
  }
}

/** The backup ran longer than the gc protocol allows (gc-safety.ts `maxBackupMs`); the journal keeps its work. */
class BackupTooLongError extends Error {
  override name = 'BackupTooLongError';
}

interface GuardClock {
  readonly monotonic: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
}

const systemClock: GuardClock = { monotonic: () => performance.now(), sleep: (ms) => sleep(ms) };

interface GuardTarget {
  readonly project: string;
  readonly checkpointId: string;
  readonly resourceId: string;
}

/**
 * The backup's half of the gc protocol (docs/gc.md). Opened before anything is read, it knows
 * every chunk gc has condemned (and those an earlier run of this job found gone): `suspect`.
 * A block the backup relies on without uploading it is `rely`-ed on: a suspect one is touched
 * first (re-put from the data in hand if the touch finds it gone). Before the manifest,
 * `confirm` waits Δ after the last touch and HEADs every relied-on block; `checkDeadline`
 * refuses a manifest later than `maxBackupMs` after the start.
 */
class ReuseGuard {
  readonly #store: ChunkStore;
  readonly #target: GuardTarget;
  readonly #safety: GcSafety;
  readonly #clock: GuardClock;
  readonly #startedAt: number;
  readonly #suspect: ReadonlySet<string>;
  readonly #refreshing = new Map<string, Promise<void>>();
  readonly #reused = new Set<string>();
  readonly #uploaded = new Set<string>();
  #lastRefreshAt: number | undefined;

  private constructor(
    store: ChunkStore,
    target: GuardTarget,
    safety: GcSafety,
    clock: GuardClock,
    startedAt: number,
    suspect: Set<string>,
  ) {
    this.#store = store;
    this.#target = target;
    this.#safety = safety;
    this.#clock = clock;
    this.#startedAt = startedAt;
    this.#suspect = suspect;
  }

  static async open(
    store: ChunkStore,
    target: GuardTarget,
    safety: GcSafety,
    clock: GuardClock = systemClock,
  ): Promise<ReuseGuard> {
    const startedAt = clock.monotonic();
    const suspect = allHashes(await readCondemnedLists(store, target.project));
    const missingKey = missingBlocksKey(target.project, target.checkpointId, target.resourceId);
    for (const hash of await readHashList(store, missingKey)) suspect.add(hash);
    return new ReuseGuard(store, target, safety, clock, startedAt, suspect);
  }

  /** condemned by gc or found gone before: never trusted without a refresh or an upload */
  isSuspect(hash: string): boolean {
    return this.#suspect.has(hash);
  }

  noteUploaded(hash: string): void {
    this.#uploaded.add(hash);
    this.#reused.delete(hash);
  }

  /** Relies on a stored block; `body` (the stored block in hand) re-creates it if a refresh finds it gone. */
  async rely(
    hash: string,
    body?: { bytes: Uint8Array; options: PutOptions },
  ): Promise<'reused' | 'uploaded'> {
    if (this.#uploaded.has(hash)) return 'reused';
    this.#reused.add(hash);
    if (!this.#suspect.has(hash)) return 'reused';
    let refresh = this.#refreshing.get(hash);
    const first = refresh === undefined;
    if (refresh === undefined) {
      refresh = this.#refresh(hash, body);
      this.#refreshing.set(hash, refresh);
    }
    await refresh;
    return first && this.#uploaded.has(hash) ? 'uploaded' : 'reused';
  }

  async #refresh(hash: string, body?: { bytes: Uint8Array; options: PutOptions }): Promise<void> {
    const key = chunkKey(this.#target.project, hash);
    try {
      await this.#store.touch(key);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      if (body === undefined) return; // gone, nothing in hand: confirm() reports it
      await this.#reupload(key, hash, body);
    }
    this.#lastRefreshAt = this.#clock.monotonic();
  }

  async #reupload(
    key: string,
    hash: string,
    body: { bytes: Uint8Array; options: PutOptions },
  ): Promise<void> {
    try {
      await this.#store.put(key, body.bytes, { ...body.options, ifAbsent: true });
      this.noteUploaded(hash);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      await this.#store.touch(key); // put again meanwhile by another backup: refresh that one
    }
  }

  /**
   * Before the manifest is written: every relied-on block is still there, Δ after the last
   * refresh (a gc DELETE sent before a refresh has landed by then). Gone blocks are recorded
   * for the next run and reported.
   */
  async confirm(): Promise<void> {
    await Promise.all(this.#refreshing.values());
    if (this.#lastRefreshAt !== undefined) {
      const wait = this.#lastRefreshAt + this.#safety.refreshSettleMs - this.#clock.monotonic();
      if (wait > 0) await this.#clock.sleep(wait);
    }
    const slots = new Semaphore(32);
    const gone: string[] = [];
    await Promise.all(
      [...this.#reused].map((hash) =>
        slots.run(async () => {
          if ((await this.#store.head(chunkKey(this.#target.project, hash))) === undefined) gone.push(hash);
        }),
      ),
    );
    if (gone.length === 0) return;
    const { project, checkpointId, resourceId } = this.#target;
    const missingKey = missingBlocksKey(project, checkpointId, resourceId);
    const known = await readHashList(this.#store, missingKey);
    await this.#store.put(missingKey, encodeHashList(new Set([...known, ...gone])));
    throw new BlocksGoneError(gone.sort());
  }

  checkDeadline(): void {
    const elapsed = this.#clock.monotonic() - this.#startedAt;
    if (elapsed > this.#safety.maxBackupMs) {
      throw new BackupTooLongError(
        `the backup ran ${Math.round(elapsed)} ms, longer than the ${this.#safety.maxBackupMs} ms gc allows a run; ` +
          'no manifest was written; run the job again to resume from the journal',
      );
    }
  }

  /** After the manifest: the record of gone blocks has served. */
  async finish(): Promise<void> {
    const { project, checkpointId, resourceId } = this.#target;
    await this.#store.delete(missingBlocksKey(project, checkpointId, resourceId));
  }
}

export type { GuardClock };
export { BackupTooLongError, BlocksGoneError, ReuseGuard };
