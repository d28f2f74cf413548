import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteImage, getImage } from '../../lib/openstack/image/images.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { Cleanup, sessionFor } from '../openstack/support/cloud.js';
import { imageSha256, makeImage } from '../openstack/support/fixtures.js';
import { type AwsWorld, startAwsWorld, type Tenant } from './support/aws-world.js';

/**
 * Protect and restore a Glance image on the stack `cdk deploy` would create: the synthesized
 * state machines, Lambda bundles and mover, against the test cloud, DynamoDB Local and moto S3.
 */

const tenant = async (cloud: 'demo'): Promise<Tenant> => {
  const access = await sessionFor(cloud).access();
  return { token: access.token, project: access.project?.id ?? '' };
};

const moverLog = (world: AwsWorld): string =>
  world.stack.mover.runs
    .map((run) => `exit ${run.exitCode}: ${run.argv.join(' ')}\n${run.logTail}`)
    .join('\n');

describe('the synthesized stack protects and restores a Glance image', () => {
  let world: AwsWorld;
  let demo: Tenant;
  const cleanup = new Cleanup();
  const session = sessionFor('demo');
  let checkpointId: string;
  let original: { id: string; sha256: string };

  beforeAll(async () => {
    world = await startAwsWorld();
    demo = await tenant('demo');
    const image = await makeImage(session, cleanup);
    original = { id: image.id, sha256: await imageSha256(session, image.id) };
  });
  afterAll(async () => {
    await cleanup.run();
    await world?.close();
  });

  it('protect: the checkpoint ends available, the image stored through the mover task', async () => {
    const plan = await world.call(demo, 'POST', '/plans', {
      plan: {
        name: 'aws-runtime-image',
        provider_id: blockProvider.id,
        parameters: {},
        resources: [{ id: original.id, type: 'OS::Glance::Image', name: 'image' }],
      },
    });
    expect(plan.status, plan.text).toBe(200);
    const created = await world.call(demo, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
      checkpoint: { plan_id: (plan.body as { plan: { id: string } }).plan.id },
    });
    expect(created.status, created.text).toBe(200);
    checkpointId = (created.body as { checkpoint: { id: string } }).checkpoint.id;
    const [execution] = world.stack.executions();
    const report = await world.stack.waitFor(execution?.name ?? '');
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    const shown = await world.call(demo, 'GET', `/providers/${blockProvider.id}/checkpoints/${checkpointId}`);
    const checkpoint = (shown.body as { checkpoint: { status: string; extra_info: string } }).checkpoint;
    expect(checkpoint.status, `${checkpoint.extra_info}\n${moverLog(world)}`).toBe('available');
    expect(world.stack.mover.runs.map((run) => run.exitCode)).toEqual([0]);
    expect(report.historyEvents).toBeLessThan(200);
  });

  it('restore: a new image, bytes identical to the original', async () => {
    const started = await world.call(demo, 'POST', '/restores', {
      restore: {
        provider_id: blockProvider.id,
        checkpoint_id: checkpointId,
        parameters: { 'OS::Glance::Image': { restore_name: 'karbor-aws-runtime-restored' } },
      },
    });
    expect(started.status, started.text).toBe(200);
    const id = (started.body as { restore: { id: string } }).restore.id;
    const report = await world.stack.waitFor(`restore-${id}`);
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    const shown = await world.call(demo, 'GET', `/restores/${id}`);
    const restore = (
      shown.body as {
        restore: { status: string; resources_status: Record<string, string>; resources_reason: unknown };
      }
    ).restore;
    const [key] = Object.keys(restore.resources_status);
    const newImage = (key ?? '').replace('OS::Glance::Image#', '');
    if (newImage && newImage !== original.id)
      cleanup.add(`image ${newImage}`, () => deleteImage(session, newImage));
    expect(restore.status, JSON.stringify(restore.resources_reason)).toBe('success');
    expect(newImage).not.toBe(original.id);
    expect(await getImage(session, newImage)).toMatchObject({
      status: 'active',
      name: 'karbor-aws-runtime-restored',
    });
    expect(await imageSha256(session, newImage)).toBe(original.sha256);
  });
});
