import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLocked, lockDataDir, writeLockFileFor } from './data-dir-lock.js';

let dataDir: string;
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
const freshDir = () => {
  dataDir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
  return dataDir;
};

describe('data directory lock', () => {
  it('records the owner pid and frees the directory on release', () => {
    const lock = lockDataDir(freshDir());
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('refuses a second owner while the first one runs, naming its pid', async () => {
    const dir = freshDir();
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeLockFileFor(dir, owner.pid as number);
      expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
      expect(() => lockDataDir(dir)).toThrow(`pid ${owner.pid}`);
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('takes over the lock of an owner that is dead but not yet reaped (a zombie)', async () => {
    const dir = freshDir();
    // a shell that kills its child and then becomes a process that never reaps it
    const keeper = spawn('sh', ['-c', 'sleep 60 & echo $!; kill -9 $!; exec sleep 60']);
    try {
      const pid = await new Promise<number>((done) =>
        keeper.stdout.once('data', (chunk: Buffer) => done(Number(chunk.toString().trim()))),
      );
      const deadline = Date.now() + 5_000;
      while (!readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z') && Date.now() < deadline)
        await new Promise((done) => setTimeout(done, 20));
      writeLockFileFor(dir, pid);
      expect(lockDataDir(dir).staleOwner).toBe(pid);
    } finally {
      keeper.kill('SIGKILL');
    }
  });

  it('takes over the lock of an owner that died without releasing it', () => {
    const dir = freshDir();
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
    );
    writeLockFileFor(dir, dead);
    const lock = lockDataDir(dir);
    expect(lock.staleOwner).toBe(dead);
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
  });
});
