/** One block of the source, `blockSize` bytes except at the end of the resource. */
interface SourceBlock {
  readonly index: number;
  /** from `BlockReadOptions.allocate`: its memory is transferred to a worker */
  readonly data: Buffer;
}

interface BlockReadOptions {
  readonly blockSize: number;
  /** blocks the journal already has: a source that can, does not read them */
  readonly skip: (index: number) => boolean;
  /** memory for one block's data (pooled; it is handed to a worker) */
  readonly allocate: (length: number) => Buffer;
  /** content of a block before the changes (parent backup or zeros), for partial changes */
  readonly base: (index: number) => Promise<Buffer>;
}

/**
 * Where a backup reads from. What a source does not yield is, per `unlisted`:
 * - `absent`: nothing — the source yields every block not skipped (file, device, Glance);
 * - `zero`: all-zero (a full `rbd export-diff`, which lists only allocated extents);
 * - `parent`: unchanged since the parent backup (an incremental `rbd export-diff`).
 */
interface BlockSource {
  readonly size: number;
  readonly unlisted: 'absent' | 'zero' | 'parent';
  /** non-secret facts recorded in the manifest and the journal fingerprint */
  readonly description: Readonly<Record<string, string | number | null>>;
  blocks(options: BlockReadOptions): AsyncIterable<SourceBlock>;
  close(): Promise<void>;
}

class SourceError extends Error {
  override name = 'SourceError';
}

export type { BlockReadOptions, BlockSource, SourceBlock };
export { SourceError };
