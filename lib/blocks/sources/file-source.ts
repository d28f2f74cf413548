import { type FileHandle, open, readFile } from 'node:fs/promises';
import type { BlockReadOptions, BlockSource, SourceBlock } from './block-source.js';
import { SourceError } from './block-source.js';

/** Size of a block device from sysfs (fstat reports 0 for devices). */
const blockDeviceSize = async (rdev: number): Promise<number> => {
  const major = (rdev >> 8) & 0xfff;
  const minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
  const sectors = Number((await readFile(`/sys/dev/block/${major}:${minor}/size`, 'utf8')).trim());
  return sectors * 512;
};

const readFully = async (handle: FileHandle, out: Buffer, position: number, path: string): Promise<void> => {
  let done = 0;
  while (done < out.length) {
    const { bytesRead } = await handle.read(out, done, out.length - done, position + done);
    if (bytesRead === 0) throw new SourceError(`${path} ended at ${position + done}, expected more data`);
    done += bytesRead;
  }
};

/** A local file or block device, read block by block at aligned offsets. */
class FileSource implements BlockSource {
  readonly unlisted = 'absent' as const;
  readonly description: Readonly<Record<string, string | number | null>>;
  readonly #handle: FileHandle;
  readonly #path: string;

  private constructor(
    handle: FileHandle,
    path: string,
    readonly size: number,
  ) {
    this.#handle = handle;
    this.#path = path;
    this.description = { type: 'file', path, size };
  }

  static async open(path: string): Promise<FileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      throw new SourceError(`cannot open source ${path}`, { cause });
    }
    const info = await handle.stat();
    const size = info.isBlockDevice() ? await blockDeviceSize(info.rdev) : info.size;
    if (!info.isBlockDevice() && !info.isFile()) {
      await handle.close();
      throw new SourceError(`${path} is neither a regular file nor a block device`);
    }
    return new FileSource(handle, path, size);
  }

  async *blocks(options: BlockReadOptions): AsyncIterable<SourceBlock> {
    const count = Math.ceil(this.size / options.blockSize);
    for (let index = 0; index < count; index++) {
      if (options.skip(index)) continue;
      const offset = index * options.blockSize;
      const data = options.allocate(Math.min(options.blockSize, this.size - offset));
      await readFully(this.#handle, data, offset, this.#path);
      yield { index, data };
    }
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

export { FileSource };
