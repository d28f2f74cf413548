import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSnapshot,
  deleteSnapshot,
  getSnapshot,
  waitForSnapshot,
} from '../../lib/openstack/block-storage/snapshots.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { taskRuns } from '../../lib/workflows/task-context.js';
import { Cleanup, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { makeVolume, projectNetwork } from '../openstack/support/fixtures.js';
import {
  checkpointFiles,
  chunkFile,
  chunkFiles,
  createPlan,
  manifestHashes,
  protect,
  randomImage,
  verify,
  waitForCheckpoint,
} from './support/checkpoints.js';
import { startWorkflowApi, type Tenant, tenant, type WorkflowApi } from './support/workflow-api.js';

describe('delete, gc and verify workflows', () => {
  let world: WorkflowApi;
  let demo: Tenant;
  const cleanup = new Cleanup();
  const imageType = 'OS::Glance::Image';
  /** checkpoint A holds image A only; checkpoint B holds image B and the network */
  const ids = { imageA: '', imageB: '', planA: '', checkpointA: '', checkpointB: '' };

  beforeAll(async () => {
    process.env.KARBOR_GC_SAFETY = 'none';
    world = await startWorkflowApi();
    demo = await tenant('demo');
    const session = sessionFor('demo');
    const [imageA, imageB, network] = await Promise.all([
      randomImage(session, cleanup),
      randomImage(session, cleanup),
      projectNetwork(session, 'demo'),
    ]);
    ids.imageA = imageA.id;
    ids.imageB = imageB.id;
    ids.planA = await createPlan(world, demo, [
      { id: imageA.id, type: imageType, name: imageA.name ?? imageA.id },
    ]);
    const planB = await createPlan(world, demo, [
      { id: imageB.id, type: imageType, name: imageB.name ?? imageB.id },
      { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
    ]);
    const [a, b] = await Promise.all([protect(world, demo, ids.planA), protect(world, demo, planB)]);
    expect(a.status, a.extra_info).toBe('available');
    expect(b.status, b.extra_info).toBe('available');
    ids.checkpointA = a.id;
    ids.checkpointB = b.id;
  });
  afterAll(async () => {
    delete process.env.KARBOR_GC_SAFETY;
    await cleanup.run();
    await world?.close();
  });

  it('verifies every block of a checkpoint and the saved network: success', async () => {
    const verification = await verify(world, demo, ids.checkpointB);
    expect(verification.status, JSON.stringify(verification)).toBe('success');
    expect(verification.resources_status).toMatchObject({
      [`${imageType}#${ids.imageB}`]: 'available',
      [`OS::Neutron::Network#${demo.project}`]: 'available',
    });
    expect(verification.resources_reason).toEqual({});
  });

  it('deletes a checkpoint: deleted, its manifests gone, its blocks left for gc', async () => {
    const blocksBefore = chunkFiles(world, demo.project).length;
    expect(checkpointFiles(world, demo.project, ids.checkpointA).length).toBeGreaterThan(0);
    const reply = await world.call(
      demo,
      'DELETE',
      `/providers/${blockProvider.id}/checkpoints/${ids.checkpointA}`,
    );
    expect(reply.status, reply.text).toBe(200);
    const checkpoint = await waitForCheckpoint(world, demo, ids.checkpointA, 'deleting');
    expect(checkpoint.status, checkpoint.extra_info).toBe('deleted');
    expect(checkpointFiles(world, demo.project, ids.checkpointA)).toEqual([]);
    expect(chunkFiles(world, demo.project)).toHaveLength(blocksBefore);
    const logs = (await world.call(demo, 'GET', `/operation_logs?checkpoint_id=${ids.checkpointA}`)).body as {
      operation_logs: { operation_type: string; status: string; ended_at: string | null }[];
    };
    expect(logs.operation_logs.find((l) => l.operation_type === 'delete')).toMatchObject({
      status: 'deleted',
    });
  });

  it('gc removes every block no other checkpoint uses and keeps the referenced ones', async () => {
    const kept = manifestHashes(world, demo.project, ids.checkpointB, ids.imageB);
    expect(chunkFiles(world, demo.project).length).toBeGreaterThan(kept.size);
    await world.orchestrator.start('gc', 'gc-lifecycle-test', {});
    const execution = await world.orchestrator.waitFor('gc-lifecycle-test');
    expect(execution.status, JSON.stringify(execution.outcome)).toBe('SUCCEEDED');
    const left = chunkFiles(world, demo.project);
    expect(left).toHaveLength(kept.size);
    expect(new Set(left)).toEqual(new Set([...kept].map((hash) => chunkFile(world, demo.project, hash))));
    const again = await verify(world, demo, ids.checkpointB);
    expect(again.status, JSON.stringify(again)).toBe('success');
  });

  it('fails a verification after a block file is corrupted, naming the resource', async () => {
    const [hash] = [...manifestHashes(world, demo.project, ids.checkpointB, ids.imageB)];
    writeFileSync(chunkFile(world, demo.project, hash as string), Buffer.from('not a block any more'));
    const verification = await verify(world, demo, ids.checkpointB, {
      [imageType]: { sample_percent: 100 },
    });
    expect(verification.status).toBe('fail');
    const key = `${imageType}#${ids.imageB}`;
    expect(verification.resources_status[key]).toBe('error');
    expect(verification.resources_reason[key]).toMatch(/mover/);
    expect(verification.resources_status[`OS::Neutron::Network#${demo.project}`]).toBe('available');
  });

  it('deletes the newest checkpoint with the Cinder snapshot its volume run retained', async () => {
    const session = sessionFor('demo');
    const volume = await makeVolume(session, cleanup, { size: 1, name: uniqueName('retained') });
    const created = await createSnapshot(session, { volume_id: volume.id, name: uniqueName('retained') });
    cleanup.add(`snapshot ${created.id}`, () => deleteSnapshot(session, created.id).catch(() => undefined));
    const snapshot = await waitForSnapshot(session, created.id, ['available'], { timeoutMs: 120_000 });
    // what the changed-block path of the volume driver records for the newest checkpoint
    const runs = taskRuns();
    const run = await runs.begin(
      demo.project,
      ids.checkpointB,
      'protect',
      { type: 'OS::Cinder::Volume', id: volume.id, name: volume.name ?? volume.id },
      'record',
      new Date(),
    );
    await runs.update(run, { status: 'available', data: { retained_snapshot_id: snapshot.id } });

    const reply = await world.call(
      demo,
      'DELETE',
      `/providers/${blockProvider.id}/checkpoints/${ids.checkpointB}`,
    );
    expect(reply.status, reply.text).toBe(200);
    const checkpoint = await waitForCheckpoint(world, demo, ids.checkpointB, 'deleting');
    expect(checkpoint.status, checkpoint.extra_info).toBe('deleted');
    await expect(getSnapshot(session, snapshot.id)).rejects.toMatchObject({ status: 404 });
    expect(checkpointFiles(world, demo.project, ids.checkpointB)).toEqual([]);
  });

  it('ends error-deleting with the reason when the store cannot be reached, never deleting', async () => {
    const checkpoint = await protect(world, demo, ids.planA);
    expect(checkpoint.status, checkpoint.extra_info).toBe('available');
    const store = process.env.KARBOR_BLOCK_STORE;
    process.env.KARBOR_BLOCK_STORE = 's3://karbor-no-such-bucket/blocks';
    try {
      const reply = await world.call(
        demo,
        'DELETE',
        `/providers/${blockProvider.id}/checkpoints/${checkpoint.id}`,
      );
      expect(reply.status, reply.text).toBe(200);
      const ended = await waitForCheckpoint(world, demo, checkpoint.id, 'deleting');
      expect(ended.status).toBe('error-deleting');
      expect(JSON.parse(ended.extra_info).fail_reason).toMatch(/bucket|karbor-no-such-bucket/i);
    } finally {
      process.env.KARBOR_BLOCK_STORE = store;
    }
    expect(checkpointFiles(world, demo.project, checkpoint.id).length).toBeGreaterThan(0);
  });
});
