import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './chunk-store.js';
import { FileStore, isOrphanedTemporary, TEMPORARY_GRACE_MS } from './file-store.js';
import { describeChunkStoreConformance } from './store-conformance.js';

describeChunkStoreConformance('file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'file-store-'));
  return { store: new FileStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('file store', () => {
  it('leaves no temp files behind after puts, including refused ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'file-store-'));
    const store = new FileStore(root);
    await store.put('a/b', Buffer.from('x'), { ifAbsent: true });
    await expect(store.put('a/b', Buffer.from('y'), { ifAbsent: true })).rejects.toThrow();
    expect(await readdir(join(root, 'a'))).toEqual(['b']);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses keys that would escape its directory', async () => {
    const store = new FileStore('/nonexistent-root');
    await expect(store.put('../etc/passwd', Buffer.from('x'))).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(store.get('a//b')).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

/** The pid of a process that has exited (a killed writer). */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
};

describe('temporaries left by killed writers', () => {
  const withTemporaries = async (names: string[]) => {
    const root = await mkdtemp(join(tmpdir(), 'file-store-'));
    await mkdir(join(root, 'chunks', 'ab'), { recursive: true });
    for (const name of names) await writeFile(join(root, 'chunks', 'ab', name), 'partial');
    return root;
  };

  it('removes those of a dead writer the first time it writes to their directory', async () => {
    const orphan = `abc1.tmp-${deadPid()}-0123456789ab`;
    const live = `abc2.tmp-${process.ppid}-0123456789ab`;
    const root = await withTemporaries([orphan, live]);
    await new FileStore(root).put('chunks/ab/abc3', Buffer.from('whole'));
    expect((await readdir(join(root, 'chunks', 'ab'))).sort()).toEqual([live, 'abc3'].sort());
    await rm(root, { recursive: true, force: true });
  });

  it('removes orphans wherever a listing passes, and never lists a temporary', async () => {
    const orphan = `abc1.tmp-${deadPid()}-0123456789ab`;
    const root = await withTemporaries([orphan, 'abc2']);
    const keys: string[] = [];
    for await (const info of new FileStore(root).list('chunks/')) keys.push(info.key);
    expect(keys).toEqual(['chunks/ab/abc2']);
    expect(await readdir(join(root, 'chunks', 'ab'))).toEqual(['abc2']);
    await rm(root, { recursive: true, force: true });
  });

  it('removes a temporary older than the grace period even when its writer lives', async () => {
    const old = `abc1.tmp-${process.ppid}-0123456789ab`;
    const root = await withTemporaries([old]);
    const past = new Date(Date.now() - TEMPORARY_GRACE_MS - 60_000);
    await utimes(join(root, 'chunks', 'ab', old), past, past);
    for await (const info of new FileStore(root).list('')) throw new Error(`listed ${info.key}`);
    expect(await readdir(join(root, 'chunks', 'ab'))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });

  it('never counts a put in progress of a live process as an orphan', () => {
    expect(isOrphanedTemporary(`k.tmp-${process.pid}-aa`, new Date())).toBe(false);
    expect(isOrphanedTemporary(`k.tmp-${process.ppid}-aa`, new Date())).toBe(false);
    expect(isOrphanedTemporary('plain-key', new Date(0))).toBe(false);
  });
});
