/** Messages between the main thread and block workers (block-worker.ts). */

interface EncodeRequest {
  readonly op: 'encode';
  readonly id: number;
  /** the raw block: in pooled shared memory (for reuse) or transferred */
  readonly data: ArrayBuffer | SharedArrayBuffer;
  readonly offset: number;
  readonly length: number;
  /** where the stored block (header and payload) goes: room for the raw block and a header */
  readonly out: BlockSlot;
  readonly codec: 'lz4' | 'none';
  /** the parent's hash for this block: when equal, nothing is compressed */
  readonly unchangedIf: string | null;
  /** also hash the encoded body (for stores that check request checksums) */
  readonly hashBody: boolean;
}

type EncodeResult =
  | { readonly kind: 'zero' }
  | { readonly kind: 'unchanged'; readonly sha256: string }
  | {
      readonly kind: 'data';
      readonly sha256: string;
      /** the stored block's length at the start of `out` */
      readonly bodyLength: number;
      readonly bodySha256: string | null;
    };

/** A block-sized range of a BlockBufferPool's shared memory. */
interface BlockSlot {
  readonly memory: SharedArrayBuffer;
  readonly offset: number;
  readonly length: number;
}

interface DecodeRequest {
  readonly op: 'decode';
  readonly id: number;
  /** a stored block, transferred */
  readonly body: ArrayBuffer;
  readonly bodyOffset: number;
  readonly bodyLength: number;
  readonly sha256: string;
  /** where the decoded block goes (restore); null: only checked (verify) */
  readonly into: BlockSlot | null;
}

type DecodeResult =
  | { readonly kind: 'raw'; readonly rawLength: number }
  | { readonly kind: 'corrupt'; readonly errorName: string; readonly message: string };

type WorkerRequest = EncodeRequest | DecodeRequest;

type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: EncodeResult | DecodeResult }
  | { readonly id: number; readonly ok: false; readonly errorName: string; readonly message: string };

export type {
  BlockSlot,
  DecodeRequest,
  DecodeResult,
  EncodeRequest,
  EncodeResult,
  WorkerRequest,
  WorkerResponse,
};
