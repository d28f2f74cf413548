import { randomBytes } from 'node:crypto';
import { constants, type Dirent, readFileSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  AlreadyExistsError,
  type ByteRange,
  type ChunkStore,
  InvalidRangeError,
  InvalidRequestError,
  NotFoundError,
  type ObjectInfo,
  PermissionDeniedError,
  type PutOptions,
  StoreError,
  StoreIntegrityError,
  TransientStoreError,
} from './chunk-store.js';

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

const TEMP_MARKER = '.tmp-';
/** a temporary this old is left over whoever wrote it: no put takes an hour */
const TEMPORARY_GRACE_MS = 3_600_000;

/** Alive, and not a zombie (a writer SIGKILLed under a parent that has not reaped it yet). */
const writerIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errorCode(error) !== 'EPERM') return false;
  }
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return true; // no /proc (not Linux): kill 0 said it exists
  }
};

/**
 * Whether a `<key>.tmp-<pid>-<random>` file is left over by a put that will never finish: its
 * writer (a process of this host: the file store is local mode's) is gone, or it is older than
 * TEMPORARY_GRACE_MS. A put in progress in a live process is never one.
 */
const isOrphanedTemporary = (name: string, modified: Date, now = Date.now()): boolean => {
  const marker = name.lastIndexOf(TEMP_MARKER);
  if (marker < 0) return false;
  if (now - modified.getTime() > TEMPORARY_GRACE_MS) return true;
  const pid = Number(name.slice(marker + TEMP_MARKER.length).split('-')[0]);
  return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !writerIsAlive(pid);
};

const removeIfOrphaned = async (path: string, name: string): Promise<void> => {
  const info = await stat(path).catch(() => undefined);
  if (info && isOrphanedTemporary(name, info.mtime)) await unlink(path).catch(() => undefined);
};

/** The one place where file-system errors become store errors. */
const translateError = (error: unknown, key: string): Error => {
  if (error instanceof StoreError) return error;
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new NotFoundError(key, { cause: error });
    case 'EEXIST':
      return new AlreadyExistsError(key, { cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PermissionDeniedError(`no permission for ${key}`, { cause: error });
    case 'EAGAIN':
    case 'EBUSY':
    case 'EMFILE':
    case 'ENFILE':
    case 'EINTR':
      return new TransientStoreError(`transient file-system error on ${key}`, { cause: error });
    default:
      return new StoreError(`file store failed on ${key}`, { cause: error });
  }
};

const fsyncDirectory = async (path: string): Promise<void> => {
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * A chunk store in a local directory (`file:///path`). Each put writes a temp file beside the
 * target, checks the byte count, fsyncs, then renames (or links, for ifAbsent, which fails
 * atomically when the target exists) and fsyncs the directory (restic local.go Save).
 *
 * Temp files never show in listings. A writer killed mid-put leaves its temp file behind; the
 * store removes such orphans itself (isOrphanedTemporary): in a directory the first time this
 * store writes there (a resumed backup writes where the killed one did), and wherever a
 * listing passes (gc lists every project daily).
 */
class FileStore implements ChunkStore {
  readonly #root: string;
  readonly description: string;
  readonly checksumsPuts = false;
  readonly #swept = new Set<string>();

  constructor(root: string) {
    this.#root = root;
    this.description = `file://${root}`;
  }

  #path(key: string): string {
    const parts = key.split('/');
    if (key === '' || parts.some((part) => part === '' || part === '.' || part === '..')) {
      throw new InvalidRequestError(`bad key "${key}"`);
    }
    return join(this.#root, ...parts);
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<void> {
    const target = this.#path(key);
    const directory = dirname(target);
    const temp = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(directory, { recursive: true });
      await this.#sweepOnce(directory);
      const handle = await open(temp, 'wx', 0o600);
      try {
        let written = 0;
        while (written < body.length) {
          const { bytesWritten } = await handle.write(body, written, body.length - written, written);
          if (bytesWritten <= 0) throw new StoreIntegrityError(`short write to ${key}`);
          written += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const { size } = await stat(temp);
      if (size !== body.length)
        throw new StoreIntegrityError(`${key}: wrote ${body.length} bytes, file has ${size}`);
      if (options.ifAbsent) {
        await link(temp, target);
        await unlink(temp);
      } else {
        await rename(temp, target);
      }
      await fsyncDirectory(directory);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw translateError(error, key);
    }
  }

  /** Removes the orphaned temporaries of `directory`, once per store. */
  async #sweepOnce(directory: string): Promise<void> {
    if (this.#swept.has(directory)) return;
    this.#swept.add(directory);
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names)
      if (name.includes(TEMP_MARKER)) await removeIfOrphaned(join(directory, name), name);
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    const path = this.#path(key);
    try {
      const handle = await open(path, 'r');
      try {
        const { size } = await handle.stat();
        const start = range?.start ?? 0;
        const end = range?.end ?? size;
        if (start < 0 || end < start || end > size) {
          throw new InvalidRangeError(`range ${start}-${end} outside ${key} of ${size} bytes`);
        }
        const out = Buffer.allocUnsafeSlow(end - start);
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
          if (bytesRead === 0) throw new StoreIntegrityError(`${key} shrank while reading`);
          done += bytesRead;
        }
        return out;
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw translateError(error, key);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const info = await stat(this.#path(key));
      return { key, size: info.size, lastModified: info.mtime };
    } catch (error) {
      const translated = translateError(error, key);
      if (translated instanceof NotFoundError) return undefined;
      throw translated;
    }
  }

  async touch(key: string): Promise<void> {
    const now = new Date();
    try {
      await utimes(this.#path(key), now, now);
    } catch (error) {
      throw translateError(error, key);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // walk from the deepest directory the prefix names, then filter by the full prefix
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? this.#root : join(this.#root, ...prefix.slice(0, slash).split('/'));
    yield* this.#walk(base, prefix);
  }

  async *#walk(directory: string, prefix: string): AsyncIterable<ObjectInfo> {
    let entries: Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw translateError(error, directory);
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const key = relative(this.#root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.#walk(path, prefix);
      } else if (entry.isFile() && entry.name.includes(TEMP_MARKER)) {
        await removeIfOrphaned(path, entry.name);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await stat(path).catch(() => undefined);
        if (info !== undefined) yield { key, size: info.size, lastModified: info.mtime };
      }
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.#path(key));
    } catch (error) {
      const translated = translateError(error, key);
      if (!(translated instanceof NotFoundError)) throw translated;
    }
  }
}

export { FileStore, isOrphanedTemporary, TEMP_MARKER, TEMPORARY_GRACE_MS };
