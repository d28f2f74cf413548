/**
 * Writes `rbd export-diff` streams (ceph doc/dev/rbd-diff.rst) for tests and benchmarks, in
 * the same record order rbd uses: from, to, size, extents by offset, end.
 */
type Extent =
  | { readonly offset: number; readonly data: Buffer }
  | { readonly offset: number; readonly zero: number };

interface DiffSpec {
  readonly version?: 1 | 2;
  readonly from?: string;
  readonly to?: string;
  readonly size: number;
  readonly extents: readonly Extent[];
  /** v2 only: extra records with unknown tags, to check that readers skip them */
  readonly unknown?: readonly { readonly tag: string; readonly payload: Buffer }[];
}

const le32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const le64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const encodeExportDiff = (spec: DiffSpec): Buffer => {
  const v2 = spec.version === 2;
  const parts: Buffer[] = [Buffer.from(v2 ? 'rbd diff v2\n' : 'rbd diff v1\n', 'latin1')];
  const record = (tag: string, payload: Buffer): void => {
    parts.push(Buffer.from(tag, 'latin1'));
    if (v2) parts.push(le64(payload.length));
    parts.push(payload);
  };
  const name = (s: string) => Buffer.concat([le32(Buffer.byteLength(s)), Buffer.from(s)]);
  if (spec.from !== undefined) record('f', name(spec.from));
  if (spec.to !== undefined) record('t', name(spec.to));
  record('s', le64(spec.size));
  for (const u of spec.unknown ?? []) record(u.tag, u.payload);
  for (const extent of spec.extents) {
    if ('data' in extent)
      record('w', Buffer.concat([le64(extent.offset), le64(extent.data.length), extent.data]));
    else record('z', Buffer.concat([le64(extent.offset), le64(extent.zero)]));
  }
  parts.push(Buffer.from('e', 'latin1'));
  return Buffer.concat(parts);
};

export type { DiffSpec, Extent };
export { encodeExportDiff };
