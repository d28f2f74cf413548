import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeExportDiff } from '../../../test/support/export-diff-writer.js';
import { ByteReader } from './byte-reader.js';
import { type DiffRecord, ExportDiffError, parseExportDiff } from './export-diff-parser.js';

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const parseAll = async (bytes: Buffer, chunk = 7, maxPiece = 1 << 20): Promise<DiffRecord[]> => {
  const out: DiffRecord[] = [];
  for await (const record of parseExportDiff(new ByteReader(chunked(bytes, chunk)), maxPiece))
    out.push(record);
  return out;
};

const sample = (version: 1 | 2) =>
  encodeExportDiff({
    version,
    from: 's1',
    to: 's2',
    size: 16 << 20,
    extents: [
      { offset: 1 << 20, data: Buffer.alloc(4096, 7) },
      { offset: 5 << 20, zero: 1 << 20 },
      { offset: 10 << 20, data: Buffer.alloc(65536, 9) },
    ],
  });

describe('export-diff parser', () => {
  it.each([1, 2] as const)('reads metadata and extents of a v%i stream', async (version) => {
    const records = await parseAll(sample(version));
    expect(records.map((r) => r.type)).toEqual(['from', 'to', 'size', 'write', 'zero', 'write']);
    expect(records[2]).toEqual({ type: 'size', size: 16 << 20 });
    expect(records[4]).toEqual({ type: 'zero', offset: 5 << 20, length: 1 << 20 });
    const last = records[5] as Extract<DiffRecord, { type: 'write' }>;
    expect(last.offset).toBe(10 << 20);
    expect(last.data.equals(Buffer.alloc(65536, 9))).toBe(true);
  });

  it('splits a large write into bounded pieces at the right offsets', async () => {
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
    const records = await parseAll(
      encodeExportDiff({ size: 20_000, extents: [{ offset: 100, data }] }),
      999,
      4096,
    );
    const writes = records.filter((r) => r.type === 'write');
    expect(writes.map((w) => [w.offset, w.data.length])).toEqual([
      [100, 4096],
      [4196, 4096],
      [8292, 1808],
    ]);
    expect(Buffer.concat(writes.map((w) => w.data)).equals(data)).toBe(true);
  });

  it('skips unknown records in v2 and rejects them in v1', async () => {
    const spec = { size: 4096, extents: [], unknown: [{ tag: 'p', payload: Buffer.from([1]) }] };
    expect((await parseAll(encodeExportDiff({ ...spec, version: 2 }))).map((r) => r.type)).toEqual(['size']);
    await expect(parseAll(encodeExportDiff({ ...spec, version: 1 }))).rejects.toThrow(
      /unknown record tag 0x70/,
    );
  });

  it('rejects a wrong header, naming an image stream for what it is', async () => {
    await expect(parseAll(Buffer.from('rbd image v2\nxxxx'))).rejects.toThrow(/export --export-format 2/);
    await expect(parseAll(Buffer.from('hello'))).rejects.toThrow(ExportDiffError);
  });

  it('rejects a v2 record whose length disagrees with its fields', async () => {
    const bytes = sample(2);
    const sizeRecord = bytes.indexOf(Buffer.from('s\x08\0\0\0\0\0\0\0', 'latin1'));
    bytes[sizeRecord + 1] = 9;
    await expect(parseAll(bytes)).rejects.toThrow(/length 9, expected 8/);
  });

  it('rejects trailing bytes, a missing end record and extents before the size', async () => {
    await expect(parseAll(Buffer.concat([sample(1), Buffer.from('x')]))).rejects.toThrow(
      /after the end record/,
    );
    await expect(parseAll(sample(1).subarray(0, -1))).rejects.toThrow(/without an end record/);
    const noSize = Buffer.concat([Buffer.from('rbd diff v1\nz'), Buffer.alloc(16), Buffer.from('e')]);
    await expect(parseAll(noSize)).rejects.toThrow(/before the image size/);
  });

  it('never fails with anything but ExportDiffError on any truncation or corruption (fuzz)', async () => {
    const small = (version: 1 | 2) =>
      encodeExportDiff({
        version,
        from: 'a',
        to: 'b',
        size: 1 << 20,
        extents: [
          { offset: 512, data: Buffer.alloc(64, 1) },
          { offset: 4096, zero: 512 },
        ],
        unknown: version === 2 ? [{ tag: 'p', payload: Buffer.from([0]) }] : [],
      });
    const streams = [small(1), small(2)];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (which, position, value, truncate, chunk) => {
          const original = streams[which] as Buffer;
          const at = position % original.length;
          const bytes = truncate ? original.subarray(0, at) : Buffer.from(original);
          if (!truncate) bytes[at] = value;
          try {
            await parseAll(bytes, chunk);
            // a flip inside write data or a name is still a valid stream
            return true;
          } catch (error) {
            return error instanceof ExportDiffError;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
