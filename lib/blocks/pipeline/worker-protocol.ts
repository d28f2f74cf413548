/** Messages between the main thread and block workers (block-worker.ts). */

interface EncodeRequest {
  readonly op: 'encode';
  readonly id: number;
  /** the raw block: shared (a pooled SharedArrayBuffer, for reuse) or transferred */
  readonly data: ArrayBuffer | SharedArrayBuffer;
  readonly length: number;
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
      readonly body: ArrayBuffer;
      readonly bodySha256: string | null;
    };

interface DecodeRequest {
  readonly op: 'decode';
  readonly id: number;
  /** a stored block, transferred */
  readonly body: ArrayBuffer;
  readonly bodyOffset: number;
  readonly bodyLength: number;
  readonly sha256: string;
  /**
   * where the decoded block goes: a pooled shared buffer (restore), nowhere — only checked
   * (verify) — or, when null with `keep`, a new transferred ArrayBuffer
   */
  readonly into: SharedArrayBuffer | null;
  readonly keep: boolean;
}

type DecodeResult =
  | {
      readonly kind: 'raw';
      /** only for `keep` without `into` */
      readonly raw: ArrayBuffer | null;
      readonly rawLength: number;
    }
  | { readonly kind: 'corrupt'; readonly errorName: string; readonly message: string };

type WorkerRequest = EncodeRequest | DecodeRequest;

type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: EncodeResult | DecodeResult }
  | { readonly id: number; readonly ok: false; readonly errorName: string; readonly message: string };

export type { DecodeRequest, DecodeResult, EncodeRequest, EncodeResult, WorkerRequest, WorkerResponse };
