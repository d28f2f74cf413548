import { constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { BlockBufferPool, isPageAligned, PAGE_SIZE } from '../pipeline/block-buffers.js';
import { type BlockTarget, TargetError } from './block-target.js';

/**
 * A local file or block device. A regular file is truncated to the size first, so zero
 * blocks stay holes; a block device has no holes, so zeros are written unless the job says
 * the device is already zeroed.
 *
 * Page-aligned blocks are written with direct I/O (O_DIRECT) where the file system allows it:
 * restored data goes to the disk without first filling the page cache, so the closing fsync
 * has little left to do and the kernel does not copy every byte once more. Other writes (a
 * partial last block) and file systems without direct I/O (tmpfs) use ordinary writes.
 */
class FileTarget implements BlockTarget {
  readonly ordered = false;
  readonly #path: string;
  readonly #assumeZeroed: boolean;
  #handle: FileHandle | undefined;
  #direct: FileHandle | undefined;
  #sparse = false;
  #zeros: Buffer | undefined;

  constructor(path: string, options: { assumeZeroed?: boolean } = {}) {
    this.#path = path;
    this.#assumeZeroed = options.assumeZeroed ?? false;
  }

  async open(size: number): Promise<void> {
    const existing = await stat(this.#path).catch(() => undefined);
    const device = existing?.isBlockDevice() ?? false;
    try {
      // a device is written in place; a file is created or emptied, then extended with a hole
      this.#handle = await open(this.#path, device ? 'r+' : 'w');
    } catch (cause) {
      throw new TargetError(`cannot open restore target ${this.#path}`, { cause });
    }
    if (device) {
      this.#sparse = this.#assumeZeroed;
    } else {
      await this.#handle.truncate(size);
      this.#sparse = true;
    }
    this.#direct = await openDirect(this.#path);
  }

  async write(offset: number, data: Buffer | null, length: number): Promise<void> {
    if (this.#handle === undefined) throw new TargetError('target not open');
    let bytes = data;
    if (bytes === null) {
      if (this.#sparse) return;
      bytes = this.#zeroBlock(length);
    }
    const direct = this.#direct;
    if (
      direct !== undefined &&
      offset % PAGE_SIZE === 0 &&
      bytes.length % PAGE_SIZE === 0 &&
      isPageAligned(bytes)
    ) {
      try {
        await writeFully(direct, bytes, offset, this.#path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
        // the device wants a larger alignment than a page: ordinary writes from here on
        this.#direct = undefined;
        await direct.close().catch(() => undefined);
      }
    }
    await writeFully(this.#handle, bytes, offset, this.#path);
  }

  /** zeros in page-aligned memory, so even zero blocks of a device go straight to the disk */
  #zeroBlock(length: number): Buffer {
    if (this.#zeros === undefined || this.#zeros.length < length) {
      this.#zeros = new BlockBufferPool(length, 1).take(length);
    }
    return this.#zeros.subarray(0, length);
  }

  async finish(): Promise<void> {
    if (this.#handle === undefined) return;
    // one fsync covers the file whichever descriptor wrote it (and flushes the device cache)
    await this.#handle.sync();
    await this.#close();
  }

  async abort(): Promise<void> {
    await this.#close().catch(() => undefined);
  }

  async #close(): Promise<void> {
    const handles = [this.#direct, this.#handle];
    this.#direct = undefined;
    this.#handle = undefined;
    await Promise.all(handles.map((handle) => handle?.close()));
  }
}

/** A second descriptor with O_DIRECT, or undefined where the platform or file system has none. */
const openDirect = async (path: string): Promise<FileHandle | undefined> => {
  const flag = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (flag === undefined) return undefined;
  return open(path, constants.O_WRONLY | flag).catch(() => undefined);
};

const writeFully = async (handle: FileHandle, bytes: Buffer, offset: number, path: string): Promise<void> => {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
    if (bytesWritten <= 0) throw new TargetError(`short write to ${path} at ${offset + done}`);
    done += bytesWritten;
  }
};

export { FileTarget };
