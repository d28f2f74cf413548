import type { ByteRange, ChunkStore, ObjectInfo, PutOptions } from './chunk-store.js';

type StoreOperation = 'put' | 'get' | 'head' | 'touch' | 'list' | 'delete';

/**
 * One fault: when an operation on a matching key is called, throw `error()` instead of (or,
 * with `after: true`, after) doing the work. `times` bounds how often it fires; `probability`
 * makes it random with the store's seeded generator (kopia blobtesting/faulty.go).
 */
interface Fault {
  readonly operation: StoreOperation;
  readonly keyPattern?: RegExp;
  readonly error: () => Error;
  readonly times?: number;
  readonly probability?: number;
  /** perform the operation first, then fail — a response lost after the write happened */
  readonly after?: boolean;
}

/** mulberry32: small, seeded, good enough to make fault runs reproducible */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** A wrapper store that injects faults, for tests of retry, resume and error paths. */
class FaultyStore implements ChunkStore {
  readonly #inner: ChunkStore;
  readonly #faults: { fault: Fault; remaining: number }[];
  readonly #random: () => number;
  /** how many faults fired, per operation */
  readonly injected: Record<StoreOperation, number> = {
    put: 0,
    get: 0,
    head: 0,
    touch: 0,
    list: 0,
    delete: 0,
  };

  constructor(inner: ChunkStore, faults: readonly Fault[], seed = 1) {
    this.#inner = inner;
    this.#faults = faults.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }));
    this.#random = seededRandom(seed);
  }

  get checksumsPuts(): boolean {
    return this.#inner.checksumsPuts;
  }

  get description(): string {
    return `faulty(${this.#inner.description})`;
  }

  #pick(operation: StoreOperation, key: string): Fault | undefined {
    for (const entry of this.#faults) {
      const { fault } = entry;
      if (fault.operation !== operation || entry.remaining <= 0) continue;
      if (fault.keyPattern && !fault.keyPattern.test(key)) continue;
      if (fault.probability !== undefined && this.#random() >= fault.probability) continue;
      entry.remaining--;
      this.injected[operation]++;
      return fault;
    }
    return undefined;
  }

  async #wrap<T>(operation: StoreOperation, key: string, work: () => Promise<T>): Promise<T> {
    const fault = this.#pick(operation, key);
    if (fault === undefined) return work();
    if (fault.after) await work();
    throw fault.error();
  }

  put(key: string, body: Uint8Array, options?: PutOptions): Promise<void> {
    return this.#wrap('put', key, () => this.#inner.put(key, body, options));
  }

  get(key: string, range?: ByteRange): Promise<Buffer> {
    return this.#wrap('get', key, () => this.#inner.get(key, range));
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#wrap('head', key, () => this.#inner.head(key));
  }

  touch(key: string): Promise<void> {
    return this.#wrap('touch', key, () => this.#inner.touch(key));
  }

  delete(key: string): Promise<void> {
    return this.#wrap('delete', key, () => this.#inner.delete(key));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const fault = this.#pick('list', prefix);
    if (fault !== undefined && !fault.after) throw fault.error();
    yield* this.#inner.list(prefix);
    if (fault !== undefined) throw fault.error();
  }
}

export type { Fault, StoreOperation };
export { FaultyStore, seededRandom };
