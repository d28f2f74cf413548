import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * One `npm start` per data directory: two would run two DynamoDB Locals on one database file
 * and two schedulers on one set of schedules. The owner writes its pid to `<dataDir>/karbor.lock`
 * (created exclusively); a lock whose pid is no longer running is stale and taken over.
 */

export class DataDirLocked extends Error {
  override name = 'DataDirLocked';
}

export interface DataDirLock {
  readonly path: string;
  /** the pid of the owner that died without releasing the lock, when it was taken over */
  readonly staleOwner: number | undefined;
  release(): void;
}

const lockFileName = 'karbor.lock';

/** Alive, and not a zombie (an owner SIGKILLed under a parent that does not reap it). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return true; // no /proc (not Linux): kill 0 said it exists
  }
};

const ownerOf = (path: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

const createExclusively = (path: string): boolean => {
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};

/** Takes the lock of `dataDir` or throws DataDirLocked naming the running owner. */
export const lockDataDir = (dataDir: string): DataDirLock => {
  const path = join(dataDir, lockFileName);
  let staleOwner: number | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusively(path))
      return {
        path,
        staleOwner,
        release: () => {
          if (ownerOf(path) === process.pid) unlinkSync(path);
        },
      };
    const owner = ownerOf(path);
    if (owner !== undefined && owner !== process.pid && isRunning(owner))
      throw new DataDirLocked(
        `${dataDir} is in use by another npm start (pid ${owner}); stop it first, or use another KARBOR_DATA_DIR`,
      );
    // stale (or half-written): move it aside atomically so that only one taker wins, then retry
    staleOwner = owner;
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      continue;
    }
    const moved = ownerOf(aside);
    // another starter took the stale lock over between our read and our rename: give it back
    if (moved !== owner && moved !== undefined && isRunning(moved)) {
      try {
        linkSync(aside, path);
      } catch {}
      unlinkSync(aside);
      throw new DataDirLocked(`${dataDir} was just taken by another npm start (pid ${moved})`);
    }
    unlinkSync(aside);
  }
  throw new DataDirLocked(`could not take ${path}: other processes keep taking it`);
};

/** For tests: a lock file as a crashed owner leaves it. */
export const writeLockFileFor = (dataDir: string, pid: number): void => {
  writeFileSync(join(dataDir, lockFileName), `${pid}\n`);
};
