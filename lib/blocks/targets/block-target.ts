/**
 * Where a restore writes. `write` is called once per block, in block order, never concurrently;
 * `data` null means an all-zero block (a sparse target leaves a hole).
 */
interface BlockTarget {
  open(size: number): Promise<void>;
  write(offset: number, data: Buffer | null, length: number): Promise<void>;
  /** all blocks written: make the result durable / complete the upload */
  finish(): Promise<void>;
  /** something failed: release resources; the target's content is undefined */
  abort(): Promise<void>;
}

class TargetError extends Error {
  override name = 'TargetError';
}

export type { BlockTarget };
export { TargetError };
