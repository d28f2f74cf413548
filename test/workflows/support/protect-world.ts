import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listSnapshots } from '../../../lib/openstack/block-storage/snapshots.js';
import { listVolumes } from '../../../lib/openstack/block-storage/volumes.js';
import { listImages } from '../../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../../lib/openstack/session.js';
import { blockProvider } from '../../../lib/providers/block-provider.js';
import type { ResourceRun } from '../../../lib/workflows/runs/resource-runs.js';
import { taskRuns } from '../../../lib/workflows/task-context.js';
import { runMover } from '../../../local/mover-launcher.js';
import { type Extent, encodeExportDiff } from '../../support/export-diff-writer.js';
import { eventually, type Tenant, type WorkflowApi } from './workflow-api.js';

/** Steps the protect suites share: plans, checkpoints, the mover's restore, data in Ceph, leftovers. */

export interface CheckpointView {
  readonly id: string;
  readonly status: string;
  readonly extra: Record<string, unknown>;
}

export const createPlan = async (
  world: WorkflowApi,
  who: Tenant,
  name: string,
  resources: readonly { id: string; type: string; name: string }[],
  parameters: Record<string, Record<string, unknown>> = {},
): Promise<string> => {
  const plan = await world.call(who, 'POST', '/plans', {
    plan: { name, provider_id: blockProvider.id, parameters, resources },
  });
  expect(plan.status, plan.text).toBe(200);
  return (plan.body as { plan: { id: string } }).plan.id;
};

/**
 * Creates a checkpoint of the plan and waits until it is no longer protecting; `created` runs
 * once the API accepted it (and computed its resource graph), while the workflow runs.
 */
export const protect = async (
  world: WorkflowApi,
  who: Tenant,
  planId: string,
  onCreated: () => void = () => undefined,
): Promise<CheckpointView> => {
  const created = await world.call(who, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
    checkpoint: { plan_id: planId },
  });
  expect(created.status, created.text).toBe(200);
  onCreated();
  const id = (created.body as { checkpoint: { id: string } }).checkpoint.id;
  const checkpoint = await eventually(
    async () =>
      (
        (await world.call(who, 'GET', `/providers/${blockProvider.id}/checkpoints/${id}`)).body as {
          checkpoint: { status: string; extra_info: string };
        }
      ).checkpoint,
    (c) => c.status !== 'protecting',
    600_000,
  );
  return {
    id,
    status: checkpoint.status,
    extra: JSON.parse(checkpoint.extra_info) as Record<string, unknown>,
  };
};

export const runsOf = async (project: string, checkpointId: string): Promise<Map<string, ResourceRun>> =>
  new Map((await taskRuns().list(project, checkpointId)).map((run) => [run.resource_key, run]));

/** The mover's own restore of one manifest into a file (as a restore to a device would write it). */
export const restoreToFile = async (
  store: string,
  project: string,
  checkpointId: string,
  resourceId: string,
  path: string,
): Promise<void> => {
  const job = {
    operation: 'restore',
    store,
    project,
    checkpointId,
    resourceId,
    target: { type: 'file', path },
  };
  const exit = await runMover({
    args: ['restore', '--progress', 'none', '--job-json', JSON.stringify(job)],
    environment: {},
  });
  expect(exit.exitCode, exit.stderrTail).toBe(0);
};

export const sha256File = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

const cephDir = (): string =>
  join(process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud', 'data', 'ceph');

/** Applies an export-diff stream to the volume's RBD image with Cinder's own key (a guest writing). */
const importDiff = (volumeId: string, diff: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      'rbd',
      [
        '--conf',
        join(cephDir(), 'ceph.conf'),
        '--id',
        'cinder',
        'import-diff',
        '--no-progress',
        '-',
        `volumes/volume-${volumeId}`,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rbd import-diff: ${stderr}`))));
    child.stdin.end(diff);
  });

/** Writes the extents into the RBD image of a volume of `size` bytes, in batches of about 32 MiB. */
export const writeExtentsToRbd = async (
  volumeId: string,
  size: number,
  extents: readonly Extent[],
): Promise<void> => {
  let batch: Extent[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length) await importDiff(volumeId, encodeExportDiff({ size, extents: batch }));
    batch = [];
    bytes = 0;
  };
  for (const extent of extents) {
    batch.push(extent);
    bytes += 'data' in extent ? extent.data.length : 0;
    if (bytes >= 32 << 20) await flush();
  }
  await flush();
};

/** Copies a local file's non-zero 1 MiB pieces into the volume's RBD image (it starts zeroed). */
export const writeFileToRbd = async (volumeId: string, path: string, size: number): Promise<void> => {
  const handle = await open(path, 'r');
  const extents: Extent[] = [];
  try {
    for (let offset = 0; offset < size; offset += 1 << 20) {
      const data = Buffer.alloc(Math.min(1 << 20, size - offset));
      await handle.read(data, 0, data.length, offset);
      if (data.some((b) => b !== 0)) extents.push({ offset, data });
    }
  } finally {
    await handle.close();
  }
  await writeExtentsToRbd(volumeId, size, extents);
};

/** Snapshots of, and temporary volumes and images named after, any of `ids`, as the demo user sees them. */
export const leftovers = async (session: KeystoneSession, ids: readonly string[]) => {
  const mine = (name: string | null) => ids.some((id) => (name ?? '').includes(id));
  const [snapshots, volumes, images] = await Promise.all([
    listSnapshots(session),
    listVolumes(session),
    listImages(session),
  ]);
  return {
    snapshots: snapshots.filter((s) => ids.includes(s.volume_id) || mine(s.name)).map((s) => s.name ?? s.id),
    volumes: volumes.filter((v) => (v.name ?? '').startsWith('karbor-') && mine(v.name)).map((v) => v.name),
    images: images.filter((i) => (i.name ?? '').startsWith('karbor-') && mine(i.name)).map((i) => i.name),
  };
};
