/**
 * Mover benchmark (`npm run bench`, not part of `npm test`). Builds the mover bundle, writes a
 * deterministic OS-like volume under /tmp, and times on the file:// store, in one run:
 * full backup, incremental after changing 1 % of the blocks (hash diff and export-diff),
 * restore and verify — each next to restic doing the same work and to raw limits (cat,
 * lz4 -1, Node's SHA-256). Prints a table with ratios and the targets, then JSON.
 *
 *   npm run bench -- [--size 2G] [--rss-size 8G] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeExportDiff } from '../support/export-diff-writer.js';
import { buildTestBundle } from '../support/mover-bundle.js';
import { changeBlocks, writeVolume } from '../support/volumes.js';
import {
  directoryBytes,
  filesEqual,
  type Measured,
  measure,
  measureShell,
  nodeSha256Seconds,
} from './tools.js';

const BLOCK = 4 << 20;
const GiB = 1 << 30;
const MiB = 1 << 20;

const parseSize = (text: string): number => {
  const match = /^(\d+)([GM])$/i.exec(text);
  if (!match) throw new Error(`size must look like 2G or 512M, got ${text}`);
  return Number(match[1]) * (match[2]?.toUpperCase() === 'G' ? GiB : MiB);
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2G' },
    'rss-size': { type: 'string', default: '8G' },
    keep: { type: 'boolean' },
  },
});
const size = parseSize(values.size);
const rssSize = values['rss-size'] === '0' ? 0 : parseSize(values['rss-size']);

const work = await mkdtemp('/tmp/karbor-bench-');
const bundle = await buildTestBundle();
const rows: { name: string; ours?: Measured; restic?: Measured; bytes: number; note?: string }[] = [];
const mbps = (bytes: number, m: Measured | number) => bytes / MiB / (typeof m === 'number' ? m : m.seconds);

const mover = async (job: Record<string, unknown>): Promise<Measured> => {
  const file = join(work, `job-${job.operation}-${job.checkpointId}.json`);
  await writeFile(
    file,
    JSON.stringify({ store: `file://${work}/store`, project: 'bench', resourceId: 'vol', ...job }),
  );
  // the allocator setting the mover image runs with (mover-fargate/Dockerfile)
  const run = await measure(
    process.execPath,
    [bundle.cli, String(job.operation), '--job', file, '--progress', 'none'],
    { MALLOC_MMAP_THRESHOLD_: '1048576' },
  );
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}').summary;
  if (summary?.status !== 'ok') throw new Error(`mover ${job.operation} failed: ${run.stdout}`);
  return run;
};
const restic = (args: string[]) =>
  measure('restic', ['-r', join(work, 'restic'), '--no-cache', '-q', ...args], { RESTIC_PASSWORD: 'bench' });

try {
  const volume = join(work, 'volume.img');
  const t0 = performance.now();
  await writeVolume(volume, 'os-like', size, 'bench');
  console.error(`volume: ${size / GiB} GiB os-like in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // raw limits
  const cat = await measureShell(`cat ${volume} > /dev/null`);
  const lz4 = await measureShell(`lz4 -1 -c ${volume} > /dev/null`);
  const sha = await nodeSha256Seconds(volume);

  // full backups
  const full = await mover({
    operation: 'backup',
    checkpointId: 'full',
    blockSize: BLOCK,
    source: { type: 'file', path: volume },
  });
  const storedFull = await directoryBytes(join(work, 'store'));
  await restic(['init']);
  const resticFull = await restic(['backup', volume]);
  const resticStoredFull = await directoryBytes(join(work, 'restic'));
  rows.push({ name: 'full backup', ours: full, restic: resticFull, bytes: size });

  // change 1 % of the blocks, then incrementals
  const extents = await changeBlocks(volume, size, BLOCK, 0.01, 'bench-change');
  const parent = { checkpointId: 'full', resourceId: 'vol' };
  const hashDiff = await mover({
    operation: 'backup',
    checkpointId: 'inc-hash',
    blockSize: BLOCK,
    parent,
    source: { type: 'file', path: volume },
  });
  const resticInc = await restic(['backup', volume]);
  rows.push({ name: 'incremental 1 % (hash diff)', ours: hashDiff, restic: resticInc, bytes: size });
  const diffFile = join(work, 'changes.diff');
  await writeFile(diffFile, encodeExportDiff({ from: 'full', to: 'inc', size, extents }));
  const exportDiff = await mover({
    operation: 'backup',
    checkpointId: 'inc-diff',
    blockSize: BLOCK,
    parent,
    source: { type: 'export-diff', path: diffFile },
  });
  rows.push({
    name: 'incremental 1 % (export-diff)',
    ours: exportDiff,
    bytes: size,
    note: `stream of ${(extents.length * 4096) / MiB} MiB; restic has no changed-block input`,
  });

  // restore and verify
  const restored = join(work, 'restored.img');
  const restore = await mover({
    operation: 'restore',
    checkpointId: 'inc-hash',
    target: { type: 'file', path: restored },
  });
  if (!(await filesEqual(volume, restored))) throw new Error('restored volume differs from the source');
  await rm(restored);
  const resticRestore = await restic(['restore', 'latest', '--target', join(work, 'restic-restore')]);
  await rm(join(work, 'restic-restore'), { recursive: true, force: true });
  rows.push({ name: 'restore', ours: restore, restic: resticRestore, bytes: size });
  // ours fsyncs the target before reporting success; restic does not: the same with a sync
  const resticRestoreSync = await measureShell(
    `RESTIC_PASSWORD=bench restic -r ${join(work, 'restic')} --no-cache -q restore latest --target ${join(work, 'rr')} && sync`,
  );
  await rm(join(work, 'rr'), { recursive: true, force: true });
  rows.push({ name: 'restore (restic then sync)', ours: restore, restic: resticRestoreSync, bytes: size });
  const verify = await mover({ operation: 'verify', checkpointId: 'inc-hash' });
  const resticCheck = await restic(['check', '--read-data']);
  rows.push({ name: 'verify (read all data)', ours: verify, restic: resticCheck, bytes: size });

  // peak RSS on a larger volume: only the mover's backup and restore
  let rss: { size: number; backup: Measured; restore: Measured } | undefined;
  if (rssSize > 0) {
    await rm(join(work, 'restic'), { recursive: true, force: true });
    await rm(volume);
    const big = join(work, 'big.img');
    await writeVolume(big, 'os-like', rssSize, 'bench-big');
    const backup = await mover({
      operation: 'backup',
      checkpointId: 'big',
      blockSize: BLOCK,
      source: { type: 'file', path: big },
    });
    await rm(big);
    const restoreBig = await mover({
      operation: 'restore',
      checkpointId: 'big',
      target: { type: 'file', path: big },
    });
    rss = { size: rssSize, backup, restore: restoreBig };
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `\nmachine: ${cpus()[0]?.model} × ${availableParallelism()}, ${(totalmem() / GiB).toFixed(0)} GiB RAM, ` +
      `Node ${process.version}, ${execFileSync('restic', ['version']).toString().trim()}`,
  );
  console.log(
    `volume: ${size / GiB} GiB os-like (30 % zero, 25 % random, 45 % compressible), block ${BLOCK / MiB} MiB, warm page cache\n`,
  );
  console.log(
    `raw limits: cat ${mbps(size, cat).toFixed(0)} MiB/s, lz4 -1 ${mbps(size, lz4).toFixed(0)} MiB/s, ` +
      `Node SHA-256 (1 thread) ${mbps(size, sha).toFixed(0)} MiB/s`,
  );
  console.log(
    `${pad('operation', 32)}${pad('ours MiB/s', 12)}${pad('restic MiB/s', 14)}${pad('ours/restic', 13)}${pad('ours RSS', 10)}restic RSS`,
  );
  for (const row of rows) {
    const ours = row.ours ? mbps(row.bytes, row.ours) : undefined;
    const theirs = row.restic ? mbps(row.bytes, row.restic) : undefined;
    console.log(
      pad(row.name, 32) +
        pad(ours?.toFixed(0) ?? '-', 12) +
        pad(theirs?.toFixed(0) ?? '-', 14) +
        pad(ours && theirs ? `${(ours / theirs).toFixed(2)}×` : '-', 13) +
        pad(row.ours ? `${(row.ours.peakRss / MiB).toFixed(0)} MiB` : '-', 10) +
        (row.restic ? `${(row.restic.peakRss / MiB).toFixed(0)} MiB` : '-') +
        (row.note ? `  (${row.note})` : ''),
    );
  }
  console.log(
    `stored after full backup: ours ${(storedFull / MiB).toFixed(0)} MiB, restic ${(resticStoredFull / MiB).toFixed(0)} MiB`,
  );
  console.log(
    `restore / our backup: ${(mbps(size, restore) / mbps(size, full)).toFixed(2)}× (target ≥ 0.75)`,
  );
  if (rss) {
    console.log(
      `peak RSS at ${rss.size / GiB} GiB: backup ${(rss.backup.peakRss / MiB).toFixed(0)} MiB ` +
        `(${mbps(rss.size, rss.backup).toFixed(0)} MiB/s), restore ${(rss.restore.peakRss / MiB).toFixed(0)} MiB ` +
        `(${mbps(rss.size, rss.restore).toFixed(0)} MiB/s) (target ≤ 256 MiB)`,
    );
  }
  console.log(
    JSON.stringify({
      size,
      rows: rows.map((r) => ({
        name: r.name,
        bytes: r.bytes,
        ours: r.ours && { seconds: r.ours.seconds, peakRss: r.ours.peakRss },
        restic: r.restic && { seconds: r.restic.seconds, peakRss: r.restic.peakRss },
      })),
      raw: { cat: cat.seconds, lz4: lz4.seconds, sha256: sha },
      storedFull,
      resticStoredFull,
      rss: rss && { size: rss.size, backup: rss.backup.peakRss, restore: rss.restore.peakRss },
    }),
  );
} finally {
  await bundle.remove();
  if (!values.keep) await rm(work, { recursive: true, force: true });
}
