import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResult } from '../../lib/blocks/pipeline/backup.js';
import { ByteReader } from '../../lib/blocks/sources/byte-reader.js';
import { parseExportDiff } from '../../lib/blocks/sources/export-diff-parser.js';
import { expectOk, run } from '../support/mover-harness.js';

/** Streams captured from Ceph 16.2.15, see test/fixtures/rbd/README.md */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/rbd/${name}`, import.meta.url));
const S1_SHA256 = 'add6d361851e50305037940fd924b5b07dc18ea2bdfc544daed2adb4d5a94e39';
const S2_SHA256 = '431dacf9b82139f23711f02612255335fb3d1d0e47a83c8dbfe7f6c02622d23d';
const MiB = 1 << 20;

let work: string;
let store: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mover-rbd-'));
  store = `file://${work}/store`;
});
afterAll(() => rm(work, { recursive: true, force: true }));

const sha256Of = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const backup = (checkpointId: string, source: Record<string, unknown>, extra = {}) =>
  run({
    operation: 'backup',
    store,
    project: 'p',
    checkpointId,
    resourceId: 'vol',
    blockSize: MiB,
    source,
    ...extra,
  });
const restoreSha = async (checkpointId: string) => {
  const target = join(work, `${checkpointId}.raw`);
  expectOk(
    await run({
      operation: 'restore',
      store,
      project: 'p',
      checkpointId,
      resourceId: 'vol',
      target: { type: 'file', path: target },
    }),
  );
  return sha256Of(target);
};

describe('real rbd export-diff streams', () => {
  it('parse into the records rbd wrote', async () => {
    const summary = [];
    for await (const record of parseExportDiff(new ByteReader(createReadStream(fixture('s1-s2.diff'))))) {
      summary.push(
        record.type === 'write'
          ? ['w', record.offset, record.data.length]
          : record.type === 'zero'
            ? ['z', record.offset, record.length]
            : [record.type, 'snapshot' in record ? record.snapshot : record.size],
      );
    }
    expect(summary).toEqual([
      ['from', 's1'],
      ['to', 's2'],
      ['size', 16 * MiB],
      ['w', 1 * MiB, 4096],
      ['w', 5 * MiB, 8192],
      ['z', 10 * MiB, 65536],
      ['w', 15 * MiB, 51712],
    ]);
  });

  it('back up the full stream and restore the snapshot bit-identical to rbd export', async () => {
    expectOk(await backup('s1', { type: 'export-diff', path: fixture('full-s1.diff') }));
    expect(await restoreSha('s1')).toBe(S1_SHA256);
  });

  it('back up the incremental stream reading only the blocks it touches, restoring s2 exactly', async () => {
    const saved = expectOk(
      await backup(
        's2',
        { type: 'export-diff', path: fixture('s1-s2.diff') },
        { parent: { checkpointId: 's1', resourceId: 'vol' } },
      ),
    );
    expect((saved.result as BackupResult).bytesRead).toBe(4 * MiB); // blocks 1, 5, 10 and 15 of 16
    expect(await restoreSha('s2')).toBe(S2_SHA256);
  });

  it('read the stream from a URL as well', async () => {
    const body = await readFile(fixture('full-s1.diff'));
    const server = createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/full-s1.diff`;
      expectOk(await backup('s1-url', { type: 'export-diff', url }));
      expect(await restoreSha('s1-url')).toBe(S1_SHA256);
    } finally {
      server.close();
    }
  });

  it('come from the rbd CLI with the snapshots the job names, and an rbd failure is reported', async () => {
    // a stand-in `rbd` first on PATH: records its arguments, then plays the captured stream
    const bin = join(work, 'bin');
    await mkdir(bin, { recursive: true });
    const script =
      `#!/bin/sh\necho "$@" > ${join(work, 'rbd-args')}\n` +
      `[ "$RBD_FAIL" = 1 ] && { echo "rbd: error opening image fx2: (2) No such file or directory" >&2; exit 2; }\n` +
      `exec cat ${fixture('s1-s2.diff')}\n`;
    await writeFile(join(bin, 'rbd'), script, { mode: 0o755 });
    const saved = { PATH: process.env.PATH, RBD_FAIL: process.env.RBD_FAIL };
    process.env.PATH = `${bin}:${process.env.PATH}`;
    try {
      const source = { type: 'rbd', image: 'rbd/fx2', snapshot: 's2', fromSnapshot: 's1' };
      expectOk(await backup('s2-rbd', source, { parent: { checkpointId: 's1', resourceId: 'vol' } }));
      expect((await readFile(join(work, 'rbd-args'), 'utf8')).trim()).toBe(
        'export-diff --no-progress --from-snap s1 rbd/fx2@s2 -',
      );
      expect(await restoreSha('s2-rbd')).toBe(S2_SHA256);
      process.env.RBD_FAIL = '1';
      const failed = await backup('s2-rbd-fail', source, {
        parent: { checkpointId: 's1', resourceId: 'vol' },
      });
      expect(failed.error?.message).toMatch(/rbd export-diff exited with 2: rbd: error opening image/);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.RBD_FAIL === undefined) delete process.env.RBD_FAIL;
    }
  });

  it('refuse an incremental stream without its parent checkpoint', async () => {
    const failed = await backup('orphan', { type: 'export-diff', path: fixture('s1-s2.diff') });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/needs the parent checkpoint/);
  });
});
