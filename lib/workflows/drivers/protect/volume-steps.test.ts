import { describe, expect, it } from 'vitest';
import {
  demoToken,
  type Exchange,
  fixture,
  loadFixtures,
  replaySession,
} from '../../../openstack/fixtures/replay.js';
import type { ResourceRun } from '../../runs/resource-runs.js';
import type { WorkflowContext } from '../../workflow-context.js';
import type { StepContext } from '../driver.js';
import { serverProtection } from './server.js';
import { volumeDefinition, volumeProtection } from './volume.js';

const storage = loadFixtures('block-storage');
const compute = loadFixtures('compute');
const images = loadFixtures('image');
const cinder = 'http://127.0.0.1:8776/v3/97c1e88f8148482c9efae50eafc204eb';
const volumeId = '314a9478-0471-4a58-8dc7-6bb806a6d8e3';
const shown = fixture(storage, 'snapshot-show');
const snapshotBody = (shown.body as { snapshot: Record<string, unknown> }).snapshot;

const workflow: WorkflowContext = {
  kind: 'protect',
  project_id: '97c1e88f8148482c9efae50eafc204eb',
  provider_id: 'p',
  checkpoint_id: 'cp-2',
  run_id: 'cp-2',
  operation_log_id: null,
  plan_id: null,
  started_at: '2026-11-22T06:00:00Z',
};

const runAt = (
  step: string,
  data: Record<string, unknown>,
  type = 'OS::Cinder::Volume',
  id = volumeId,
): ResourceRun => ({
  project_id: workflow.project_id,
  run_id: workflow.run_id,
  kind: 'protect',
  resource_key: `${type}#${id}`,
  resource: { type, id, name: 'fixture' },
  status: 'running',
  step,
  data,
  temporaries: [],
  started_at: workflow.started_at,
  updated_at: workflow.started_at,
});

const contextWith = (run: ResourceRun, exchanges: Exchange[]) => {
  const { session, requests } = replaySession([demoToken(), ...exchanges]);
  const context: StepContext = {
    run,
    workflow,
    store: 'file:///tmp/none',
    now: () => new Date(),
    session: async () => session,
  };
  return { context, requests };
};

const answer = (name: string, method: string, path: string, status: number, body: unknown): Exchange => ({
  name,
  method,
  url: `${cinder}${path}`,
  status,
  headers: { 'content-type': 'application/json' },
  body,
});

describe('volume protection steps', () => {
  const name = `karbor-cp-2-${volumeId}`;

  it('finds the snapshot an earlier attempt made by its name instead of making another', async () => {
    const { context, requests } = contextWith(runAt('snapshot', { force: true }), [
      answer('list', 'GET', '/snapshots/detail', 200, { snapshots: [{ ...snapshotBody, name }] }),
    ]);
    const outcome = await volumeProtection.steps.snapshot?.(context);
    expect(outcome).toMatchObject({
      kind: 'goto',
      step: 'snapshotReady',
      data: { snapshot_id: snapshotBody.id },
      temporaries: [{ kind: 'snapshot', id: snapshotBody.id }],
    });
    expect(requests.filter((r) => r.method === 'POST' && r.url.endsWith('/snapshots'))).toEqual([]);
    expect(requests.at(-1)?.url).toContain(`name=${name}`);
  });

  it('snapshots an in-use volume with force, named after the checkpoint, as a temporary', async () => {
    const { context, requests } = contextWith(runAt('snapshot', { force: true }), [
      answer('list', 'GET', '/snapshots/detail', 200, { snapshots: [] }),
      fixture(storage, 'snapshot-create'),
    ]);
    const outcome = await volumeProtection.steps.snapshot?.(context);
    expect(outcome).toMatchObject({ kind: 'goto', temporaries: [{ kind: 'snapshot' }] });
    const sent = JSON.parse(requests.at(-1)?.body ?? '{}') as { snapshot: Record<string, unknown> };
    expect(sent.snapshot).toMatchObject({ volume_id: volumeId, name, force: true });
  });

  it('fails the resource when Cinder puts the snapshot in error', async () => {
    const { context } = contextWith(runAt('snapshotReady', { snapshot_id: snapshotBody.id }), [
      { ...shown, body: { snapshot: { ...snapshotBody, status: 'error' } } },
    ]);
    await expect(volumeProtection.steps.snapshotReady?.(context)).rejects.toThrow(/went to error/);
  });

  it('deletes the previous snapshot, then keeps the new one (no longer a temporary)', async () => {
    const previous = String(snapshotBody.id);
    const data = { snapshot_id: 'new', previous_snapshot_id: previous };
    const deleting = contextWith(runAt('keepNewest', data), [
      answer('delete', 'DELETE', `/snapshots/${previous}`, 202, null),
    ]);
    expect(await volumeProtection.steps.keepNewest?.(deleting.context)).toMatchObject({
      step: 'previousGone',
    });
    const gone = contextWith(runAt('previousGone', data), [
      answer('gone', 'GET', `/snapshots/${previous}`, 404, { itemNotFound: { code: 404, message: 'gone' } }),
    ]);
    expect(await volumeProtection.steps.previousGone?.(gone.context)).toEqual({
      kind: 'goto',
      step: 'finishRbd',
      data: { retained_snapshot_id: 'new' },
      keepOnly: [],
    });
  });

  it('records what the restore needs to make the volume again', () => {
    const volume = (
      fixture(storage, 'volume-show-in-use').body as { volume: Parameters<typeof volumeDefinition>[0] }
    ).volume;
    expect(volumeDefinition(volume)).toEqual({
      name: 'fixture-data',
      description: null,
      size_gb: 1,
      volume_type: 'rbd',
      availability_zone: 'nova',
      bootable: false,
      metadata: {},
      attachments: [{ server_id: '304ed14e-4b91-4104-ad8f-3eb42591e910', device: '/dev/sdb' }],
    });
  });
});

describe('server protection steps', () => {
  const serverShow = fixture(compute, 'server-show');
  const serverId = (serverShow.body as { server: { id: string } }).server.id;
  const queued = fixture(images, 'image-show-queued');
  const imageId = (queued.body as { id: string }).id;

  it('records no root disk, and why, when Nova ends createImage with the image still queued', async () => {
    const run = runAt('imageReady', { snapshot_image_id: imageId }, 'OS::Nova::Server', serverId);
    const { context } = contextWith(run, [
      { ...queued, url: queued.url.replace(/[^/]+$/, imageId) },
      serverShow,
    ]);
    const outcome = await serverProtection.steps.imageReady?.(context);
    expect(outcome).toMatchObject({
      kind: 'goto',
      step: 'record',
      data: { root_disk_reason: expect.stringContaining('no data') },
    });
  });

  it('keeps waiting while Nova is still uploading the snapshot', async () => {
    const run = runAt('imageReady', { snapshot_image_id: imageId }, 'OS::Nova::Server', serverId);
    const busy = {
      ...serverShow,
      body: {
        server: {
          ...(serverShow.body as { server: object }).server,
          'OS-EXT-STS:task_state': 'image_uploading',
        },
      },
    };
    const { context } = contextWith(run, [queued, busy]);
    expect(await serverProtection.steps.imageReady?.(context)).toMatchObject({ kind: 'wait' });
  });
});
