/**
 * Where a restore writes. `write` is called once per block; `data` null means an all-zero
 * block (a sparse target leaves a hole). An `ordered` target (a stream) gets its writes in
 * block order, one at a time; an unordered one (a file or device, written at offsets) gets
 * up to blocks-in-flight writes at distinct offsets concurrently. The caller reuses `data`'s
 * memory once `write` resolves: a target that still holds the bytes then must copy them.
 */
interface BlockTarget {
  readonly ordered: boolean;
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
