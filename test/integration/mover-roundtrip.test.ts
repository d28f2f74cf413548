import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChunkStore, TransientStoreError } from '../../lib/blocks/chunk-store.js';
import { FaultyStore } from '../../lib/blocks/faulty-store.js';
import { chunksPrefix, hashOfChunkKey, manifestKey } from '../../lib/blocks/key-layout.js';
import { decodeManifest } from '../../lib/blocks/manifest.js';
import { openStore } from '../../lib/blocks/open-store.js';
import type { BackupResult } from '../../lib/blocks/pipeline/backup.js';
import type { VerifyResult } from '../../lib/blocks/verify.js';
import { encodeExportDiff } from '../support/export-diff-writer.js';
import { type Backend, expectOk, fileBackend, run, s3Backend } from '../support/mover-harness.js';
import { changeBlocks, type VolumeKind, writeVolume } from '../support/volumes.js';

const BLOCK = 256 << 10;
const project = 'tenant-a';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mover-it-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const backup = (store: string, checkpointId: string, source: Record<string, unknown>, extra = {}) =>
  run({
    operation: 'backup',
    store,
    project,
    checkpointId,
    resourceId: 'vol',
    blockSize: BLOCK,
    source,
    ...extra,
  });
const restore = (store: string, checkpointId: string, path: string, options = {}) =>
  run(
    { operation: 'restore', store, project, checkpointId, resourceId: 'vol', target: { type: 'file', path } },
    options,
  );
const verify = (store: string, checkpointId: string) =>
  run({ operation: 'verify', store, project, checkpointId, resourceId: 'vol' });

const manifestHashes = async (store: string, checkpointId: string): Promise<Buffer> =>
  decodeManifest(await openStore(store).get(manifestKey(project, checkpointId, 'vol'))).hashes;

describe.each([
  ['file', fileBackend],
  ['s3', s3Backend],
] as const)('mover on the %s backend', (_name, makeBackend) => {
  let backend: Backend;
  beforeAll(() => {
    backend = makeBackend();
  });
  afterAll(() => backend.cleanup());

  it.each([
    ['random', (3 << 20) + 123],
    ['compressible', 5 << 20],
    ['sparse', 9 << 20],
    ['os-like', (6 << 20) + 4095],
  ] as [VolumeKind, number][])('restores a %s volume of %i bytes bit-identical', async (kind, size) => {
    const store = await backend.newStore();
    const source = join(work, `${backend.name}-${kind}.img`);
    const target = join(work, `${backend.name}-${kind}.out`);
    await writeVolume(source, kind, size);
    const saved = expectOk(await backup(store, 'cp-1', { type: 'file', path: source }));
    expect(saved.progress?.bytesRead).toBe(size);
    expectOk(await restore(store, 'cp-1', target));
    expect((await readFile(target)).equals(await readFile(source))).toBe(true);
    if (kind === 'sparse') {
      const info = await stat(target);
      expect(info.blocks * 512).toBeLessThan(size / 2);
    }
    expect((expectOk(await verify(store, 'cp-1')).result as VerifyResult).ok).toBe(true);
  });

  it('detects a flipped byte on verify, and a restore names a missing block before it writes anything', async () => {
    const store = await backend.newStore();
    const source = join(work, `${backend.name}-flip.img`);
    await writeVolume(source, 'random', 2 << 20, 'flip');
    expectOk(await backup(store, 'cp-1', { type: 'file', path: source }));
    const raw = openStore(store);
    const keys: string[] = [];
    for await (const info of raw.list(chunksPrefix(project))) keys.push(info.key);
    keys.sort();
    const [flipped, deleted] = keys as [string, string];
    const body = await raw.get(flipped);
    body[body.length - 10] = (body[body.length - 10] ?? 0) ^ 0x01;
    await raw.put(flipped, body);
    await raw.delete(deleted);

    const target = join(work, `${backend.name}-flip.out`);
    const restored = await restore(store, 'cp-1', target);
    expect(restored.status).toBe('failed');
    expect(restored.error?.name).toBe('MissingBlocksError');
    expect(restored.error?.message).toContain(String(hashOfChunkKey(deleted)));
    expect(restored.error?.message).not.toContain(String(hashOfChunkKey(flipped)));
    expect(existsSync(target)).toBe(false);
    const checked = await verify(store, 'cp-1');
    expect(checked.status).toBe('problems-found');
    expect(checked.exitCode).toBe(3);
    const result = checked.result as VerifyResult;
    expect(result.corrupt.map((p) => p.sha256)).toEqual([hashOfChunkKey(flipped)]);
    expect(result.missing.map((p) => p.sha256)).toEqual([hashOfChunkKey(deleted)]);
    expect(result.corrupt[0]?.blocks.length).toBeGreaterThan(0);
  });

  it('uploads only changed blocks on a hash-diff incremental, and an export-diff incremental reads only them', async () => {
    const store = await backend.newStore();
    const size = 8 << 20;
    const source = join(work, `${backend.name}-inc.img`);
    await writeVolume(source, 'os-like', size, 'inc');
    expectOk(await backup(store, 'cp-1', { type: 'file', path: source }));
    const extents = await changeBlocks(source, size, BLOCK, 0.25);
    const changedBlocks = new Set(extents.map((e) => Math.floor(e.offset / BLOCK))).size;

    const incremental = expectOk(
      await backup(
        store,
        'cp-2',
        { type: 'file', path: source },
        { parent: { checkpointId: 'cp-1', resourceId: 'vol' } },
      ),
    );
    const inc = incremental.result as BackupResult;
    expect(inc.blocksUploaded).toBe(changedBlocks);
    expect(inc.blocksUploaded + inc.blocksUnchanged + inc.blocksZero + inc.blocksDeduplicated).toBe(
      size / BLOCK,
    );

    const diff = join(work, `${backend.name}-inc.diff`);
    await writeFile(diff, encodeExportDiff({ from: 's1', to: 's2', size, extents }));
    const fromDiff = expectOk(
      await backup(
        store,
        'cp-3',
        { type: 'export-diff', path: diff },
        { parent: { checkpointId: 'cp-1', resourceId: 'vol' } },
      ),
    );
    expect((fromDiff.result as BackupResult).bytesRead).toBe(changedBlocks * BLOCK);
    expect((await manifestHashes(store, 'cp-3')).equals(await manifestHashes(store, 'cp-2'))).toBe(true);

    const target = join(work, `${backend.name}-inc.out`);
    expectOk(await restore(store, 'cp-3', target));
    expect((await readFile(target)).equals(await readFile(source))).toBe(true);
  });

  it('backs up a full export-diff stream to the same blocks as reading the volume', async () => {
    const store = await backend.newStore();
    const size = (5 << 20) + 8192;
    const source = join(work, `${backend.name}-full.img`);
    await writeVolume(source, 'sparse', size, 'full');
    const bytes = await readFile(source);
    const extents = [];
    for (let at = 0; at < size; at += 65536) {
      const piece = bytes.subarray(at, Math.min(size, at + 65536));
      if (piece.some((b) => b !== 0)) extents.push({ offset: at, data: Buffer.from(piece) });
    }
    const diff = join(work, `${backend.name}-full.diff`);
    await writeFile(diff, encodeExportDiff({ version: 2, to: 's1', size, extents }));
    expectOk(await backup(store, 'cp-file', { type: 'file', path: source }));
    expectOk(await backup(store, 'cp-diff', { type: 'export-diff', path: diff }));
    expect((await manifestHashes(store, 'cp-diff')).equals(await manifestHashes(store, 'cp-file'))).toBe(
      true,
    );
  });

  it('survives throttling and lost responses injected by the faulty store', async () => {
    const store = await backend.newStore();
    const source = join(work, `${backend.name}-throttle.img`);
    await writeVolume(source, 'os-like', 4 << 20, 'throttle');
    const slowDown = () => new TransientStoreError('S3 SlowDown: Please reduce your request rate');
    const storeOptions = {
      retryPolicy: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 5 },
      wrapBackend: (inner: ChunkStore) =>
        new FaultyStore(
          inner,
          [
            { operation: 'put', error: slowDown, probability: 0.3 },
            { operation: 'put', error: slowDown, probability: 0.2, after: true },
            { operation: 'get', error: slowDown, probability: 0.3 },
            { operation: 'list', error: slowDown, probability: 0.3 },
          ],
          7,
        ),
    } as const;
    const saved = expectOk(
      await run(
        {
          operation: 'backup',
          store,
          project,
          checkpointId: 'cp-1',
          resourceId: 'vol',
          blockSize: BLOCK,
          source: { type: 'file', path: source },
        },
        { storeOptions },
      ),
    );
    expect(saved.progress?.retries).toBeGreaterThan(0);
    const target = join(work, `${backend.name}-throttle.out`);
    const restored = expectOk(await restore(store, 'cp-1', target, { storeOptions }));
    expect(restored.progress?.retries).toBeGreaterThan(0);
    expect((await readFile(target)).equals(await readFile(source))).toBe(true);
  });

  it('garbage-collects only blocks no manifest references, after the grace period', async () => {
    const store = await backend.newStore();
    const a = join(work, `${backend.name}-gc-a.img`);
    await writeVolume(a, 'random', 2 << 20, 'gc');
    expectOk(await backup(store, 'cp-a', { type: 'file', path: a }));
    await changeBlocks(a, 2 << 20, BLOCK, 0.5, 'gc-change');
    expectOk(await backup(store, 'cp-b', { type: 'file', path: a }));
    const raw = openStore(store);
    const hashesB = (await manifestHashes(store, 'cp-b')).toString('hex');
    const onlyInA = new Set(
      ((await manifestHashes(store, 'cp-a')).toString('hex').match(/.{64}/g) ?? []).filter(
        (h) => !hashesB.includes(h),
      ),
    );
    expect(
      (expectOk(await run({ operation: 'gc', store, project })).result as { blocksDeleted: number })
        .blocksDeleted,
    ).toBe(0);
    await raw.delete(manifestKey(project, 'cp-a', 'vol'));
    const gc = expectOk(await run({ operation: 'gc', store, project, safety: 'none' }));
    expect((gc.result as { blocksDeleted: number }).blocksDeleted).toBe(onlyInA.size);
    expect((expectOk(await verify(store, 'cp-b')).result as VerifyResult).ok).toBe(true);
  });
});
