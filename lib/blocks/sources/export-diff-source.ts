import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { BlockReadOptions, BlockSource, SourceBlock } from './block-source.js';
import { ByteReader } from './byte-reader.js';
import { type DiffRecord, ExportDiffError, parseExportDiff } from './export-diff-parser.js';

type ExportDiffInput =
  | { readonly path: string }
  | { readonly stdin: true }
  | { readonly url: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly rbd: { readonly image: string; readonly snapshot: string; readonly fromSnapshot?: string } };

const rbdStream = (spec: {
  image: string;
  snapshot: string;
  fromSnapshot?: string;
}): AsyncIterable<Uint8Array> => {
  const args = ['export-diff', '--no-progress'];
  if (spec.fromSnapshot) args.push('--from-snap', spec.fromSnapshot);
  args.push(`${spec.image}@${spec.snapshot}`, '-');
  const child = spawn('rbd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (cause) =>
      reject(new ExportDiffError('cannot run rbd (is ceph-common installed?)', { cause })),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new ExportDiffError(`rbd export-diff exited with ${code}: ${stderr.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  return (async function* () {
    try {
      yield* child.stdout;
      await exited;
    } finally {
      // the consumer stopped early (error, interrupt): do not leave rbd running
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
  })();
};

const openInput = async (input: ExportDiffInput): Promise<AsyncIterable<Uint8Array>> => {
  if ('path' in input) return createReadStream(input.path, { highWaterMark: 1 << 20 });
  if ('stdin' in input) return process.stdin;
  if ('rbd' in input) return rbdStream(input.rbd);
  const response = await fetch(input.url, { headers: input.headers ?? {} });
  if (!response.ok || response.body === null) {
    throw new ExportDiffError(`GET export-diff stream: HTTP ${response.status}`);
  }
  return response.body as unknown as AsyncIterable<Uint8Array>;
};

/**
 * An `rbd export-diff` stream as a backup source. Only blocks its extents touch are yielded;
 * a block touched in part is completed from `base` (the parent backup's block, or zeros).
 * Extents must come in offset order without overlap, as rbd writes them.
 */
class ExportDiffSource implements BlockSource {
  readonly unlisted: 'zero' | 'parent';
  readonly description: Readonly<Record<string, string | number | null>>;
  readonly #records: AsyncGenerator<DiffRecord>;
  readonly #reader: ByteReader;
  readonly #first: DiffRecord | undefined;

  private constructor(
    reader: ByteReader,
    records: AsyncGenerator<DiffRecord>,
    first: DiffRecord | undefined,
    readonly size: number,
    readonly fromSnapshot: string | null,
    toSnapshot: string | null,
  ) {
    this.#reader = reader;
    this.#records = records;
    this.#first = first;
    this.unlisted = fromSnapshot === null ? 'zero' : 'parent';
    this.description = { type: 'export-diff', fromSnapshot, toSnapshot, size };
  }

  /** Opens the stream and reads its metadata records (from, to, size). */
  static async open(input: ExportDiffInput): Promise<ExportDiffSource> {
    const reader = new ByteReader(await openInput(input));
    const records = parseExportDiff(reader);
    let from: string | null = null;
    let to: string | null = null;
    let size: number | undefined;
    for (;;) {
      const next = await records.next();
      if (next.done || next.value.type === 'write' || next.value.type === 'zero') {
        if (size === undefined) throw new ExportDiffError('export-diff stream has no image size record');
        return new ExportDiffSource(reader, records, next.done ? undefined : next.value, size, from, to);
      }
      const record = next.value;
      if (record.type === 'from') from = record.snapshot;
      else if (record.type === 'to') to = record.snapshot;
      else if (record.type === 'size') size = record.size;
    }
  }

  async *#extents(): AsyncGenerator<DiffRecord> {
    if (this.#first) yield this.#first;
    yield* this.#records;
  }

  async *blocks(options: BlockReadOptions): AsyncIterable<SourceBlock> {
    const { blockSize } = options;
    const lengthOf = (index: number) => Math.min(blockSize, this.size - index * blockSize);
    let current: { index: number; data: Buffer; covered: number; gaps: [number, number][] } | undefined;
    let lastEnd = 0;

    const finish = async (): Promise<SourceBlock | undefined> => {
      const block = current;
      current = undefined;
      if (block === undefined || options.skip(block.index)) return undefined;
      if (block.covered < block.data.length) block.gaps.push([block.covered, block.data.length]);
      if (block.gaps.length > 0) {
        const base = await options.base(block.index);
        for (const [start, end] of block.gaps) base.copy(block.data, start, start, end);
      }
      return { index: block.index, data: block.data };
    };

    for await (const record of this.#extents()) {
      if (record.type !== 'write' && record.type !== 'zero') {
        throw new ExportDiffError(`'${record.type}' record after the first extent`);
      }
      const length = record.type === 'write' ? record.data.length : record.length;
      const end = record.offset + length;
      if (record.offset < lastEnd) {
        throw new ExportDiffError(
          `extent at ${record.offset} overlaps or precedes the previous one ending at ${lastEnd}`,
        );
      }
      if (end > this.size)
        throw new ExportDiffError(`extent ${record.offset}+${length} ends past the image size`);
      lastEnd = end;
      for (let at = record.offset; at < end; ) {
        const index = Math.floor(at / blockSize);
        const blockStart = index * blockSize;
        const pieceEnd = Math.min(end, blockStart + lengthOf(index));
        if (current !== undefined && current.index !== index) {
          const done = await finish();
          if (done) yield done;
        }
        if (current === undefined) {
          current = { index, data: options.allocate(lengthOf(index)), covered: 0, gaps: [] };
        }
        const from = at - blockStart;
        const to = pieceEnd - blockStart;
        if (from > current.covered) current.gaps.push([current.covered, from]);
        if (record.type === 'write')
          record.data.copy(current.data, from, at - record.offset, pieceEnd - record.offset);
        else current.data.fill(0, from, to);
        current.covered = to;
        at = pieceEnd;
      }
    }
    const done = await finish();
    if (done) yield done;
  }

  close(): Promise<void> {
    return this.#reader.close();
  }
}

export type { ExportDiffInput };
export { ExportDiffSource };
