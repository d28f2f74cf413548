import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './chunk-store.js';
import { FileStore } from './file-store.js';
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
