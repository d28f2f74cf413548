import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGlance } from '../support/fake-glance.js';
import { expectOk, run } from '../support/mover-harness.js';
import { writeVolume } from '../support/volumes.js';

const BLOCK = 256 << 10;
let glance: FakeGlance;
let work: string;
let image: Buffer;

beforeAll(async () => {
  glance = await new FakeGlance().start();
  work = await mkdtemp(join(tmpdir(), 'mover-glance-'));
  await writeVolume(join(work, 'image.raw'), 'os-like', (3 << 20) + 1000, 'glance');
  image = await readFile(join(work, 'image.raw'));
  glance.images.set('img-1', { status: 'active', data: image });
  glance.images.set('img-queued', { status: 'queued', data: Buffer.alloc(0) });
});
afterAll(async () => {
  await glance.stop();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  glance.requests.length = 0;
  glance.ranges = true;
});

const ref = (imageId: string, token = glance.token) => ({
  type: 'glance',
  endpoint: glance.endpoint,
  token,
  imageId,
});
const backup = (store: string, source: Record<string, unknown>) =>
  run({
    operation: 'backup',
    store,
    project: 'p',
    checkpointId: 'cp',
    resourceId: 'img',
    blockSize: BLOCK,
    source,
  });

describe('mover with Glance', () => {
  it('backs up an image with one ranged GET per block and restores it bit-identical', async () => {
    const store = `file://${await mkdtemp(join(work, 'store-'))}`;
    expectOk(await backup(store, ref('img-1')));
    const ranged = glance.requests.filter((r) => r.range !== undefined);
    expect(ranged.length).toBe(Math.ceil(image.length / BLOCK) + 1); // the probe, then each block
    const target = join(work, 'restored.raw');
    expectOk(
      await run({
        operation: 'restore',
        store,
        project: 'p',
        checkpointId: 'cp',
        resourceId: 'img',
        target: { type: 'file', path: target },
      }),
    );
    expect((await readFile(target)).equals(image)).toBe(true);
  });

  it('streams the image once when the server ignores Range', async () => {
    glance.ranges = false;
    const store = `file://${await mkdtemp(join(work, 'store-'))}`;
    expectOk(await backup(store, ref('img-1')));
    expect(glance.requests.filter((r) => r.url.endsWith('/file')).length).toBe(1);
  });

  it('restores into a new image by streaming its data with PUT, zero blocks as zeros', async () => {
    const store = `file://${await mkdtemp(join(work, 'store-'))}`;
    expectOk(await backup(store, ref('img-1')));
    expectOk(
      await run({
        operation: 'restore',
        store,
        project: 'p',
        checkpointId: 'cp',
        resourceId: 'img',
        target: ref('img-new'),
      }),
    );
    expect(glance.images.get('img-new')?.data.equals(image)).toBe(true);
  });

  it('fails clearly on a rejected token and on an image that is not active', async () => {
    const store = `file://${await mkdtemp(join(work, 'store-'))}`;
    const denied = await backup(store, ref('img-1', 'wrong'));
    expect(denied.status).toBe('failed');
    expect(denied.error?.message).toMatch(/expected 200, got 401.*requires authentication/);
    const queued = await backup(store, ref('img-queued'));
    expect(queued.error?.message).toMatch(/img-queued is queued, not active/);
  });
});
