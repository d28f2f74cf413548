import { SourceError } from './block-source.js';
import type { ByteReader } from './byte-reader.js';

/**
 * A strict streaming parser for `rbd export-diff` streams (ceph doc/dev/rbd-diff.rst).
 *
 * v1: header "rbd diff v1\n", then records: 1-byte tag + fields, little-endian:
 *   f  from snap  (le32 length + name)    t  to snap (le32 length + name)
 *   s  image size (le64)                   w  data: le64 offset, le64 length, the bytes
 *   z  zeroed     (le64 offset, le64 length)  e  end (nothing may follow)
 * v2: header "rbd diff v2\n"; every record but `e` has an le64 record length after its tag, so
 * unknown tags (e.g. `p`, protection status) are skipped; known tags must have the right length.
 */
class ExportDiffError extends SourceError {
  override name = 'ExportDiffError';
}

type DiffRecord =
  | { readonly type: 'from'; readonly snapshot: string }
  | { readonly type: 'to'; readonly snapshot: string }
  | { readonly type: 'size'; readonly size: number }
  /** `data` arrives in pieces of at most `maxPiece` bytes; `offset` is each piece's own */
  | { readonly type: 'write'; readonly offset: number; readonly data: Buffer }
  | { readonly type: 'zero'; readonly offset: number; readonly length: number };

const HEADER_V1 = 'rbd diff v1\n';
const HEADER_V2 = 'rbd diff v2\n';
const MAX_NAME = 4096;

const u64 = (buf: Buffer, at: number, what: string): number => {
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExportDiffError(`${what} ${value} is too large`);
  return Number(value);
};

/**
 * Yields the stream's records in order; ends after `e` and checks that nothing follows.
 * Write payloads are yielded in pieces (≤ maxPiece bytes) so memory stays bounded.
 */
async function* parseRecords(reader: ByteReader, maxPiece: number): AsyncGenerator<DiffRecord> {
  const header = (
    await reader.read(HEADER_V1.length, 'header').catch((cause: unknown) => {
      // the producer's own failure (e.g. rbd exiting non-zero) says more than "too short"
      if (cause instanceof ExportDiffError) throw cause;
      throw new ExportDiffError('not an rbd export-diff stream: too short for the header', { cause });
    })
  ).toString('latin1');
  if (header !== HEADER_V1 && header !== HEADER_V2) {
    const hint = header.startsWith('rbd image') ? ' (an `rbd export --export-format 2` image stream)' : '';
    throw new ExportDiffError(`not an rbd export-diff stream${hint}: header ${JSON.stringify(header)}`);
  }
  const v2 = header === HEADER_V2;
  let sizeSeen = false;
  for (;;) {
    const at = reader.offset;
    if (await reader.atEnd()) throw new ExportDiffError(`stream ended at byte ${at} without an end record`);
    const tag = String.fromCharCode((await reader.read(1, 'record tag'))[0] ?? 0);
    if (tag === 'e') break;
    const recordLength = v2
      ? u64(await reader.read(8, `${tag} record length`), 0, 'record length')
      : undefined;
    const expectLength = (expected: number): void => {
      if (recordLength !== undefined && recordLength !== expected) {
        throw new ExportDiffError(
          `'${tag}' record at byte ${at} has length ${recordLength}, expected ${expected}`,
        );
      }
    };
    switch (tag) {
      case 'f':
      case 't': {
        const length = (await reader.read(4, 'snapshot name length')).readUInt32LE(0);
        if (length > MAX_NAME) throw new ExportDiffError(`snapshot name of ${length} bytes at byte ${at}`);
        expectLength(4 + length);
        const snapshot = (await reader.read(length, 'snapshot name')).toString('utf8');
        yield tag === 'f' ? { type: 'from', snapshot } : { type: 'to', snapshot };
        break;
      }
      case 's': {
        expectLength(8);
        if (sizeSeen) throw new ExportDiffError(`second size record at byte ${at}`);
        sizeSeen = true;
        yield { type: 'size', size: u64(await reader.read(8, 'image size'), 0, 'image size') };
        break;
      }
      case 'w':
      case 'z': {
        const fields = await reader.read(16, `${tag} extent`);
        const offset = u64(fields, 0, 'extent offset');
        const length = u64(fields, 8, 'extent length');
        if (!sizeSeen) throw new ExportDiffError(`'${tag}' record at byte ${at} before the image size`);
        if (tag === 'z') {
          expectLength(16);
          yield { type: 'zero', offset, length };
          break;
        }
        expectLength(16 + length);
        for (let done = 0; done < length; ) {
          const piece = Math.min(maxPiece, length - done);
          const data = Buffer.allocUnsafe(piece);
          await reader.readInto(data, 0, piece, 'write data');
          yield { type: 'write', offset: offset + done, data };
          done += piece;
        }
        break;
      }
      default:
        if (recordLength === undefined) {
          throw new ExportDiffError(`unknown record tag 0x${tag.charCodeAt(0).toString(16)} at byte ${at}`);
        }
        await reader.skip(recordLength, `'${tag}' record`);
    }
  }
  if (!(await reader.atEnd()))
    throw new ExportDiffError(`bytes after the end record at byte ${reader.offset}`);
}

async function* parseExportDiff(reader: ByteReader, maxPiece = 4 << 20): AsyncGenerator<DiffRecord> {
  try {
    yield* parseRecords(reader, maxPiece);
  } catch (error) {
    if (error instanceof ExportDiffError || !(error instanceof SourceError)) throw error;
    throw new ExportDiffError(error.message, { cause: error });
  }
}

export type { DiffRecord };
export { ExportDiffError, parseExportDiff };
