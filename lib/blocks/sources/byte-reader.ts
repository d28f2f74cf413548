import { SourceError } from './block-source.js';

/** Exact-length reads over an async stream of chunks (a file, stdin, an HTTP body, a child's stdout). */
class ByteReader {
  readonly #chunks: AsyncIterator<Uint8Array>;
  #current: Buffer = Buffer.alloc(0);
  #position = 0;
  #ended = false;
  /** bytes consumed so far, for error messages */
  offset = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.#chunks = chunks[Symbol.asyncIterator]();
  }

  async #more(): Promise<boolean> {
    while (this.#position >= this.#current.length) {
      if (this.#ended) return false;
      const next = await this.#chunks.next();
      if (next.done) {
        this.#ended = true;
        return false;
      }
      this.#current = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.#position = 0;
    }
    return true;
  }

  /** Copies exactly `length` bytes into `out` at `at`; throws when the stream ends first. */
  async readInto(out: Buffer, at: number, length: number, what: string): Promise<void> {
    let done = 0;
    while (done < length) {
      if (!(await this.#more())) {
        throw new SourceError(
          `stream truncated in ${what} at byte ${this.offset} (${length - done} bytes short)`,
        );
      }
      const n = Math.min(length - done, this.#current.length - this.#position);
      this.#current.copy(out, at + done, this.#position, this.#position + n);
      this.#position += n;
      this.offset += n;
      done += n;
    }
  }

  async read(length: number, what: string): Promise<Buffer> {
    const out = Buffer.alloc(length);
    await this.readInto(out, 0, length, what);
    return out;
  }

  /** Discards `length` bytes. */
  async skip(length: number, what: string): Promise<void> {
    let left = length;
    while (left > 0) {
      if (!(await this.#more())) throw new SourceError(`stream truncated in ${what} at byte ${this.offset}`);
      const n = Math.min(left, this.#current.length - this.#position);
      this.#position += n;
      this.offset += n;
      left -= n;
    }
  }

  async atEnd(): Promise<boolean> {
    return !(await this.#more());
  }

  async close(): Promise<void> {
    await this.#chunks.return?.();
  }
}

export { ByteReader };
