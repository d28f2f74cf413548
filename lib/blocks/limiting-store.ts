import type { ByteRange, ChunkStore, ObjectInfo, PutOptions } from './chunk-store.js';

/** A counting semaphore; `run` waits for a slot, runs the task and frees the slot. */
class Semaphore {
  #available: number;
  readonly #waiting: (() => void)[] = [];

  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`semaphore needs ≥ 1 slot, got ${slots}`);
    this.#available = slots;
  }

  async acquire(): Promise<void> {
    if (this.#available > 0) {
      this.#available--;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#available++;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}

/** Bounds the requests in flight against a backend (one HTTP connection each on S3). */
class LimitingStore implements ChunkStore {
  readonly #inner: ChunkStore;
  readonly #slots: Semaphore;

  constructor(inner: ChunkStore, maxInFlight: number) {
    this.#inner = inner;
    this.#slots = new Semaphore(maxInFlight);
  }

  get checksumsPuts(): boolean {
    return this.#inner.checksumsPuts;
  }

  get description(): string {
    return this.#inner.description;
  }

  put(key: string, body: Uint8Array, options?: PutOptions): Promise<void> {
    return this.#slots.run(() => this.#inner.put(key, body, options));
  }

  get(key: string, range?: ByteRange): Promise<Buffer> {
    return this.#slots.run(() => this.#inner.get(key, range));
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#slots.run(() => this.#inner.head(key));
  }

  touch(key: string): Promise<void> {
    return this.#slots.run(() => this.#inner.touch(key));
  }

  delete(key: string): Promise<void> {
    return this.#slots.run(() => this.#inner.delete(key));
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.#inner.list(prefix);
  }
}

export { LimitingStore, Semaphore };
