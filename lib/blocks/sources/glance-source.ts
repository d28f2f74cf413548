import type { BlockReadOptions, BlockSource, SourceBlock } from './block-source.js';
import { SourceError } from './block-source.js';

interface GlanceImageRef {
  /** image service endpoint from the catalog, e.g. https://glance.example:9292 */
  readonly endpoint: string;
  readonly token: string;
  readonly imageId: string;
}

class GlanceError extends SourceError {
  override name = 'GlanceError';
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(body ? `${message}: ${body.slice(0, 300)}` : message);
  }
}

const imageUrl = (ref: GlanceImageRef, suffix = ''): string =>
  `${ref.endpoint.replace(/\/+$/, '')}/v2/images/${encodeURIComponent(ref.imageId)}${suffix}`;

const expectStatus = async (response: Response, expected: number[], what: string): Promise<Response> => {
  if (!expected.includes(response.status)) {
    throw new GlanceError(
      `${what}: expected ${expected.join(' or ')}, got ${response.status}`,
      response.status,
      await response.text().catch(() => ''),
    );
  }
  return response;
};

/** Reads exactly `out.length` bytes from a web stream reader, keeping leftovers in `carry`. */
class StreamChunker {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #carry: Uint8Array = new Uint8Array(0);

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  async fill(out: Buffer): Promise<void> {
    let done = 0;
    while (done < out.length) {
      if (this.#carry.length === 0) {
        const next = await this.#reader.read();
        if (next.done) throw new SourceError(`image data ended ${out.length - done} bytes early`);
        this.#carry = next.value;
      }
      const n = Math.min(this.#carry.length, out.length - done);
      out.set(this.#carry.subarray(0, n), done);
      this.#carry = this.#carry.subarray(n);
      done += n;
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

/**
 * A Glance image's data (plain fetch, no SDK). When the server honours `Range`, blocks are
 * fetched as parallel ranged GETs (only the ones the journal does not have); otherwise the
 * image streams once, in order.
 */
class GlanceSource implements BlockSource {
  readonly unlisted = 'absent' as const;
  readonly description: Readonly<Record<string, string | number | null>>;
  readonly #ref: GlanceImageRef;
  readonly #parallel: number;

  private constructor(
    ref: GlanceImageRef,
    readonly size: number,
    parallel: number,
  ) {
    this.#ref = ref;
    this.#parallel = parallel;
    this.description = { type: 'glance', imageId: ref.imageId, size };
  }

  static async open(ref: GlanceImageRef, options: { parallelReads?: number } = {}): Promise<GlanceSource> {
    const response = await expectStatus(
      await fetch(imageUrl(ref), { headers: { 'X-Auth-Token': ref.token, Accept: 'application/json' } }),
      [200],
      `GET image ${ref.imageId}`,
    );
    const image = (await response.json()) as { status?: string; size?: number | null };
    if (image.status !== 'active')
      throw new GlanceError(`image ${ref.imageId} is ${image.status}, not active`);
    if (typeof image.size !== 'number' || image.size < 0)
      throw new GlanceError(`image ${ref.imageId} has no size`);
    return new GlanceSource(ref, image.size, options.parallelReads ?? 4);
  }

  #get(range?: { start: number; end: number }): Promise<Response> {
    const headers: Record<string, string> = { 'X-Auth-Token': this.#ref.token };
    if (range) headers.Range = `bytes=${range.start}-${range.end - 1}`;
    return fetch(imageUrl(this.#ref, '/file'), { headers });
  }

  async *blocks(options: BlockReadOptions): AsyncIterable<SourceBlock> {
    const count = Math.ceil(this.size / options.blockSize);
    if (count === 0) return;
    const lengthOf = (index: number) => Math.min(options.blockSize, this.size - index * options.blockSize);
    const first = await this.#get({ start: 0, end: lengthOf(0) });
    if (first.status === 206) {
      await first.body?.cancel();
      yield* this.#ranged(count, lengthOf, options);
      return;
    }
    await expectStatus(first, [200], `GET image ${this.#ref.imageId} data`);
    if (first.body === null) throw new GlanceError('image data response has no body');
    const chunker = new StreamChunker(first.body);
    try {
      for (let index = 0; index < count; index++) {
        if (options.skip(index)) {
          await chunker.fill(Buffer.allocUnsafe(lengthOf(index)));
          continue;
        }
        const data = options.allocate(lengthOf(index));
        await chunker.fill(data);
        yield { index, data };
      }
    } finally {
      await chunker.cancel().catch(() => undefined);
    }
  }

  async *#ranged(count: number, lengthOf: (i: number) => number, options: BlockReadOptions) {
    const wanted = Array.from({ length: count }, (_, i) => i).filter((i) => !options.skip(i));
    const fetchBlock = async (index: number): Promise<SourceBlock> => {
      const start = index * options.blockSize;
      const response = await expectStatus(
        await this.#get({ start, end: start + lengthOf(index) }),
        [206],
        `GET image ${this.#ref.imageId} bytes ${start}`,
      );
      if (response.body === null) throw new GlanceError('ranged response has no body');
      const data = options.allocate(lengthOf(index));
      const chunker = new StreamChunker(response.body);
      await chunker.fill(data);
      return { index, data };
    };
    const ahead: Promise<SourceBlock>[] = [];
    let next = 0;
    try {
      while (next < wanted.length || ahead.length > 0) {
        while (ahead.length < this.#parallel && next < wanted.length) {
          const promise = fetchBlock(wanted[next++] as number);
          promise.catch(() => undefined);
          ahead.push(promise);
        }
        yield await (ahead.shift() as Promise<SourceBlock>);
      }
    } finally {
      await Promise.allSettled(ahead);
    }
  }

  async close(): Promise<void> {}
}

export type { GlanceImageRef };
export { expectStatus, GlanceError, GlanceSource, imageUrl };
