import { randomBytes } from 'node:crypto';
import { type ChunkStore, NotFoundError } from './chunk-store.js';

/**
 * The resume journal of one backup: which blocks are done and what they hashed to. It lives in
 * the chunk store beside the checkpoint (key-layout.ts `journalPrefix`), so a new Fargate task
 * resumes where a killed one stopped. A segment is one small object written once:
 *
 *   {"version":1,"fingerprint":"<job fingerprint>","entries":[[index,"<sha256>"|null],...]}
 *
 * An entry is recorded only after its block is durably stored (or known to be), so a journal
 * never claims more than the store holds. Segments whose fingerprint differs (another job
 * under the same checkpoint and resource) are ignored. Segments are deleted once the manifest
 * is written.
 */
class JournalError extends Error {
  override name = 'JournalError';
}

interface JournalSegment {
  readonly version: 1;
  readonly fingerprint: string;
  readonly entries: [number, string | null][];
}

const JOURNAL_VERSION = 1;
const HEX64 = /^[0-9a-f]{64}$/;

const parseSegment = (key: string, bytes: Buffer): JournalSegment => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new JournalError(`journal segment ${key} is not JSON`, { cause });
  }
  const segment = parsed as JournalSegment;
  const valid =
    segment !== null &&
    typeof segment === 'object' &&
    segment.version === JOURNAL_VERSION &&
    typeof segment.fingerprint === 'string' &&
    Array.isArray(segment.entries) &&
    segment.entries.every(
      (e) =>
        Array.isArray(e) &&
        Number.isSafeInteger(e[0]) &&
        e[0] >= 0 &&
        (e[1] === null || (typeof e[1] === 'string' && HEX64.test(e[1]))),
    );
  if (!valid) throw new JournalError(`journal segment ${key} is malformed`);
  return segment;
};

interface JournalOptions {
  /** write a segment once this many entries wait (default 64) */
  readonly entriesPerSegment?: number;
  /** write a segment at most this long after an entry was recorded (default 500 ms) */
  readonly maxDelayMs?: number;
}

/**
 * Entries are written as blocks become durable, in batches: a segment is written as soon as
 * `entriesPerSegment` entries wait or the oldest waiting entry is `maxDelayMs` old, whichever
 * comes first, and at drain (`flush`). A kill therefore loses at most `maxDelayMs` plus one
 * segment write of finished work, whenever it comes.
 */
class Journal {
  readonly #store: ChunkStore;
  readonly #prefix: string;
  readonly #fingerprint: string;
  readonly #run = randomBytes(4).toString('hex');
  readonly #entriesPerSegment: number;
  readonly #maxDelayMs: number;
  readonly #segments: string[];
  #sequence = 0;
  #pending: [number, string | null][] = [];
  #flushing: Promise<void> = Promise.resolve();
  #writing = false;
  #timer: NodeJS.Timeout | undefined;
  /** blocks completed by earlier runs, as found when the journal was opened */
  readonly resumed: ReadonlyMap<number, string | null>;

  private constructor(
    store: ChunkStore,
    prefix: string,
    fingerprint: string,
    resumed: Map<number, string | null>,
    segments: string[],
    options: JournalOptions,
  ) {
    this.#store = store;
    this.#prefix = prefix;
    this.#fingerprint = fingerprint;
    this.resumed = resumed;
    this.#segments = segments;
    this.#entriesPerSegment = options.entriesPerSegment ?? 64;
    this.#maxDelayMs = options.maxDelayMs ?? 500;
  }

  /** Reads every segment under the prefix; entries of other fingerprints are ignored. */
  static async open(
    store: ChunkStore,
    prefix: string,
    fingerprint: string,
    options: JournalOptions = {},
  ): Promise<Journal> {
    const resumed = new Map<number, string | null>();
    const segments: string[] = [];
    for await (const info of store.list(prefix)) segments.push(info.key);
    segments.sort();
    for (const key of segments) {
      let bytes: Buffer;
      try {
        bytes = await store.get(key);
      } catch (error) {
        if (error instanceof NotFoundError) continue; // deleted by a finishing run meanwhile
        throw error;
      }
      const segment = parseSegment(key, bytes);
      if (segment.fingerprint !== fingerprint) continue;
      for (const [index, hash] of segment.entries) resumed.set(index, hash);
    }
    return new Journal(store, prefix, fingerprint, resumed, segments, options);
  }

  /** Notes a block that is durably stored; a segment follows within `maxDelayMs`. */
  record(index: number, sha256: string | null): void {
    this.#pending.push([index, sha256]);
    if (this.#pending.length >= this.#entriesPerSegment) this.#writeSoon();
    else this.#timer ??= setTimeout(() => this.#writeSoon(), this.#maxDelayMs).unref();
  }

  /** Starts a segment write unless one is running; that one's end starts the next. */
  #writeSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing || this.#pending.length === 0) return;
    void this.flush().catch(() => undefined);
  }

  /** Writes waiting entries as one segment; calls are serialized. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushing = this.#flushing
      .catch(() => undefined)
      .then(async () => {
        if (this.#pending.length === 0) return;
        const entries = this.#pending;
        this.#pending = [];
        const key = `${this.#prefix}${this.#run}-${String(this.#sequence++).padStart(8, '0')}`;
        const segment: JournalSegment = { version: JOURNAL_VERSION, fingerprint: this.#fingerprint, entries };
        this.#writing = true;
        try {
          await this.#store.put(key, Buffer.from(JSON.stringify(segment)));
        } catch (error) {
          this.#pending = entries.concat(this.#pending);
          throw new JournalError(`could not write journal segment ${key}`, { cause: error });
        } finally {
          this.#writing = false;
        }
        this.#segments.push(key);
        // entries that arrived during the write wait for their own deadline, or go now if due
        if (this.#pending.length >= this.#entriesPerSegment) this.#writeSoon();
        else if (this.#pending.length > 0)
          this.#timer ??= setTimeout(() => this.#writeSoon(), this.#maxDelayMs).unref();
      });
    return this.#flushing;
  }

  /** Deletes every segment: called after the manifest is stored. */
  async clear(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#flushing.catch(() => undefined);
    this.#pending = [];
    for (const key of this.#segments.splice(0)) await this.#store.delete(key);
  }
}

export type { JournalOptions };
export { Journal, JournalError };
