import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { expectStatus, type GlanceImageRef, imageUrl } from '../sources/glance-source.js';
import { type BlockTarget, TargetError } from './block-target.js';

/**
 * Uploads the restored data to a Glance image (`PUT /v2/images/{id}/file`) as one streamed
 * request. Writes wait for the upload to drain, so memory stays bounded; images have no
 * holes, so zero blocks are sent as zeros.
 */
class GlanceTarget implements BlockTarget {
  readonly ordered = true;
  readonly #ref: GlanceImageRef;
  readonly #stream = new PassThrough({ highWaterMark: 4 << 20 });
  #upload: Promise<Response> | undefined;
  #zeros = Buffer.alloc(0);

  constructor(ref: GlanceImageRef) {
    this.#ref = ref;
  }

  async open(): Promise<void> {
    this.#upload = fetch(imageUrl(this.#ref, '/file'), {
      method: 'PUT',
      headers: { 'X-Auth-Token': this.#ref.token, 'Content-Type': 'application/octet-stream' },
      body: Readable.toWeb(this.#stream) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    this.#upload.catch(() => undefined);
  }

  async write(_offset: number, data: Buffer | null, length: number): Promise<void> {
    let bytes: Buffer;
    if (data === null) {
      if (this.#zeros.length < length) this.#zeros = Buffer.alloc(length);
      bytes = this.#zeros.subarray(0, length);
    } else {
      // the stream and the HTTP client queue chunks by reference, past drain; the caller
      // reuses `data` for the next block as soon as this resolves, so the upload gets a copy
      bytes = Buffer.from(data);
    }
    if (!this.#stream.write(bytes)) {
      await Promise.race([once(this.#stream, 'drain'), this.#failed()]);
    }
  }

  /** rejects when the upload request ends before we finished writing */
  async #failed(): Promise<never> {
    const response = await this.#upload;
    throw new TargetError(`Glance upload ended early with ${response?.status}`);
  }

  async finish(): Promise<void> {
    this.#stream.end();
    if (this.#upload === undefined) throw new TargetError('target not open');
    await expectStatus(await this.#upload, [204, 200], `PUT image ${this.#ref.imageId} data`);
  }

  async abort(): Promise<void> {
    this.#stream.destroy(new TargetError('restore aborted'));
    await this.#upload?.catch(() => undefined);
  }
}

export { GlanceTarget };
