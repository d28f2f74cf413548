/**
 * Memory that blocks live in while they move between the reader, the block workers and the
 * writer: shared with the workers (read and written in place, never transferred or copied),
 * reused across blocks, and page-aligned, so a file target can write it with direct I/O.
 */

const PAGE_SIZE = 4096;
const WASM_PAGE_SIZE = 65_536;
/** one arena stays well under a 32-bit WebAssembly memory's 4 GiB limit */
const ARENA_LIMIT = 1 << 30;

/** The one WebAssembly API used here (the ES library types carry no WebAssembly). */
interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}
const { Memory } = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;
    };
  }
).WebAssembly;

/** Arenas of BlockBufferPools: the workers accept these as shared block memory. */
const arenas = new WeakSet<SharedArrayBuffer>();

/**
 * Page-aligned shared memory. A WebAssembly memory is the one allocation JavaScript offers
 * whose address is page-aligned (it is mapped, not taken from the heap); its pages are backed
 * by RAM only once touched, so an arena costs what the blocks in it use.
 */
const allocateArena = (bytes: number): SharedArrayBuffer => {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_SIZE));
  const { buffer } = new Memory({ initial: pages, maximum: pages, shared: true });
  arenas.add(buffer);
  return buffer;
};

/** True if `data` lies in a pool's shared memory (a worker can read or fill it in place). */
const isPooled = (data: Uint8Array): boolean =>
  data.buffer instanceof SharedArrayBuffer && arenas.has(data.buffer);

/** True if `data` starts on a page boundary of pooled memory (it can be written with O_DIRECT). */
const isPageAligned = (data: Uint8Array): boolean => isPooled(data) && data.byteOffset % PAGE_SIZE === 0;

/**
 * A fixed number of block-sized slots, handed out and returned. Slots beyond the capacity
 * are allocated on their own (a caller that holds more blocks than it said still works).
 */
class BlockBufferPool {
  readonly #blockSize: number;
  readonly #stride: number;
  readonly #slotsPerArena: number;
  readonly #capacity: number;
  readonly #arenas: SharedArrayBuffer[] = [];
  readonly #free: number[] = [];
  readonly #taken: Uint8Array;
  #nextSlot = 0;

  constructor(blockSize: number, capacity: number) {
    this.#blockSize = blockSize;
    this.#stride = Math.ceil(blockSize / WASM_PAGE_SIZE) * WASM_PAGE_SIZE;
    this.#capacity = Math.max(1, capacity);
    this.#slotsPerArena = Math.max(1, Math.min(this.#capacity, Math.floor(ARENA_LIMIT / this.#stride)));
    this.#taken = new Uint8Array(this.#capacity);
  }

  take(length: number): Buffer {
    if (length > this.#blockSize) {
      throw new RangeError(`block of ${length} bytes exceeds the pool's ${this.#blockSize}`);
    }
    const slot = this.#free.pop() ?? (this.#nextSlot < this.#capacity ? this.#nextSlot++ : undefined);
    if (slot === undefined) return Buffer.from(allocateArena(this.#blockSize), 0, length);
    this.#taken[slot] = 1;
    const arenaIndex = Math.floor(slot / this.#slotsPerArena);
    let arena = this.#arenas[arenaIndex];
    if (arena === undefined) {
      arena = allocateArena(this.#slotsPerArena * this.#stride);
      this.#arenas[arenaIndex] = arena;
    }
    return Buffer.from(arena, (slot % this.#slotsPerArena) * this.#stride, length);
  }

  /** Returns a block's slot once nobody reads or writes it any more; a second release is ignored. */
  release(data: Buffer): void {
    const arenaIndex = this.#arenas.indexOf(data.buffer as SharedArrayBuffer);
    if (arenaIndex < 0) return;
    const slot = arenaIndex * this.#slotsPerArena + data.byteOffset / this.#stride;
    if (this.#taken[slot] !== 1) return;
    this.#taken[slot] = 0;
    this.#free.push(slot);
  }
}

export { BlockBufferPool, isPageAligned, isPooled, PAGE_SIZE };
