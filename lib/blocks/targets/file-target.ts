import { type FileHandle, open, stat } from 'node:fs/promises';
import { type BlockTarget, TargetError } from './block-target.js';

/**
 * A local file or block device. A regular file is truncated to the size first, so zero
 * blocks stay holes; a block device has no holes, so zeros are written unless the job says
 * the device is already zeroed.
 */
class FileTarget implements BlockTarget {
  readonly ordered = false;
  readonly #path: string;
  readonly #assumeZeroed: boolean;
  #handle: FileHandle | undefined;
  #sparse = false;
  #zeros = Buffer.alloc(0);

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
  }

  async write(offset: number, data: Buffer | null, length: number): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) throw new TargetError('target not open');
    let bytes = data;
    if (bytes === null) {
      if (this.#sparse) return;
      if (this.#zeros.length < length) this.#zeros = Buffer.alloc(length);
      bytes = this.#zeros.subarray(0, length);
    }
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
      if (bytesWritten <= 0) throw new TargetError(`short write to ${this.#path} at ${offset + done}`);
      done += bytesWritten;
    }
  }

  async finish(): Promise<void> {
    if (this.#handle === undefined) return;
    await this.#handle.sync();
    await this.#handle.close();
    this.#handle = undefined;
  }

  async abort(): Promise<void> {
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
  }
}

export { FileTarget };
