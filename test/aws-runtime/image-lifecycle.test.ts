import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteImage, getImage } from '../../lib/openstack/image/images.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { Cleanup, sessionFor } from '../openstack/support/cloud.js';
import { imageSha256, makeImage } from '../openstack/support/fixtures.js';
import { type AwsWorld, startAwsWorld, type Tenant } from './support/aws-world.js';

/**
 * A Glance image through every workflow of the stack `cdk deploy` would create (the synthesized
 * state machines, Lambda bundles and mover) against the test cloud, DynamoDB Local and moto S3:
 * protect, restore (bytes identical), restore again with the Fargate task stopped once, verify,
 * verify after a block was corrupted, retention (protect as a child execution, then delete),
 * delete, gc.
 */

const tenant = async (cloud: 'demo'): Promise<Tenant> => {
  const access = await sessionFor(cloud).access();
  return { token: access.token, project: access.project?.id ?? '' };
};

const moverLog = (world: AwsWorld): string =>
  world.stack.mover.runs
    .map((run) => `exit ${run.exitCode}: ${run.argv.join(' ')}\n${run.logTail}`)
    .join('\n');

interface RestoreView {
  readonly status: string;
  readonly resources_status: Record<string, string>;
  readonly resources_reason: Record<string, string>;
}

interface VerificationView extends RestoreView {}

const imageType = 'OS::Glance::Image';

describe('the synthesized stack runs a Glance image through every workflow', () => {
  let world: AwsWorld;
  let demo: Tenant;
  const cleanup = new Cleanup();
  const session = sessionFor('demo');
  let checkpointId: string;
  let planId: string;
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
    planId = (plan.body as { plan: { id: string } }).plan.id;
    const created = await world.call(demo, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
      checkpoint: { plan_id: planId },
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

  const restore = async (name: string): Promise<{ view: RestoreView; newImage: string }> => {
    const started = await world.call(demo, 'POST', '/restores', {
      restore: {
        provider_id: blockProvider.id,
        checkpoint_id: checkpointId,
        parameters: { [imageType]: { restore_name: name } },
      },
    });
    expect(started.status, started.text).toBe(200);
    const id = (started.body as { restore: { id: string } }).restore.id;
    const report = await world.stack.waitFor(`restore-${id}`);
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    const view = ((await world.call(demo, 'GET', `/restores/${id}`)).body as { restore: RestoreView })
      .restore;
    const [key] = Object.keys(view.resources_status);
    const newImage = (key ?? '').replace(`${imageType}#`, '');
    if (newImage && newImage !== original.id)
      cleanup.add(`image ${newImage}`, () => deleteImage(session, newImage));
    return { view, newImage };
  };

  it('restore: a new image, bytes identical to the original', async () => {
    const { view, newImage } = await restore('karbor-aws-runtime-restored');
    expect(view.status, JSON.stringify(view.resources_reason)).toBe('success');
    expect(newImage).not.toBe(original.id);
    expect(await getImage(session, newImage)).toMatchObject({
      status: 'active',
      name: 'karbor-aws-runtime-restored',
    });
    expect(await imageSha256(session, newImage)).toBe(original.sha256);
  });

  it('restore: a mover task stopped by Fargate (SIGTERM, exit 4) is run again and the restore succeeds', async () => {
    const before = world.stack.mover.runs.length;
    let stopped = false;
    world.stack.mover.onStart = (task) => {
      if (stopped) return;
      stopped = true;
      let sent = false;
      task.onLog(() => {
        if (!sent) task.stop(); // once: a second SIGTERM makes the mover leave at once (exit 130)
        sent = true;
      });
    };
    const { view, newImage } = await restore('karbor-aws-runtime-resumed');
    world.stack.mover.onStart = undefined;
    expect(world.stack.mover.runs.slice(before).map((run) => run.exitCode)).toEqual([4, 0]);
    expect(view.status, JSON.stringify(view.resources_reason)).toBe('success');
    expect(await imageSha256(session, newImage)).toBe(original.sha256);
  });

  const verify = async (parameters: Record<string, unknown> = {}): Promise<VerificationView> => {
    const created = await world.call(demo, 'POST', '/verifications', {
      verification: { provider_id: blockProvider.id, checkpoint_id: checkpointId, parameters },
    });
    expect(created.status, created.text).toBe(200);
    const id = (created.body as { verification: { id: string } }).verification.id;
    const execution = world.stack.executions().find((e) => e.name.includes(id));
    const report = await world.stack.waitFor(execution?.name ?? '');
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    return (
      (await world.call(demo, 'GET', `/verifications/${id}`)).body as { verification: VerificationView }
    ).verification;
  };

  it('verify: every block of the image reads back', async () => {
    const verification = await verify({ [imageType]: { sample_percent: 100 } });
    expect(verification.status, JSON.stringify(verification.resources_reason)).toBe('success');
  });

  it('verify: a corrupted block fails the resource with the mover exit code read from the ECS task', async () => {
    const chunks = await world.bucket.client.send(
      new ListObjectsV2Command({
        Bucket: world.bucket.name,
        Prefix: `karbor/projects/${demo.project}/chunks/`,
      }),
    );
    const [chunk] = chunks.Contents ?? [];
    expect(chunk?.Key).toBeDefined();
    await world.bucket.client.send(
      new PutObjectCommand({
        Bucket: world.bucket.name,
        Key: chunk?.Key,
        Body: Buffer.from('not a block any more'),
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    const verification = await verify({ [imageType]: { sample_percent: 100 } });
    expect(verification.status).toBe('fail');
    expect(verification.resources_reason[`${imageType}#${original.id}`]).toContain(
      'exit 3, verify found missing or corrupt blocks',
    );
  });

  const deleteOf = (id: string) =>
    world.stack
      .executions()
      .find(
        (e) => e.workflow.endsWith('-delete') && (e.input as { checkpoint_id?: string }).checkpoint_id === id,
      );

  const showCheckpoint = async (id: string): Promise<string | undefined> => {
    const shown = await world.call(demo, 'GET', `/providers/${blockProvider.id}/checkpoints/${id}`);
    return shown.status === 404
      ? 'gone'
      : (shown.body as { checkpoint?: { status: string } }).checkpoint?.status;
  };

  it('retention: protects as a .sync:2 child execution, then deletes the checkpoint beyond max_backups', async () => {
    const started = await world.call(demo, 'PUT', `/plans/${planId}`, { plan: { status: 'started' } });
    expect(started.status, started.text).toBe(200);
    const trigger = await world.call(demo, 'POST', '/triggers', {
      trigger_info: {
        name: 'daily',
        type: 'time',
        properties: { format: 'crontab', pattern: '0 3 * * *', window: 900 },
      },
    });
    expect(trigger.status, trigger.text).toBe(200);
    const triggerId = (trigger.body as { trigger_info: { id: string } }).trigger_info.id;
    const operation = await world.call(demo, 'POST', '/scheduled_operations', {
      scheduled_operation: {
        name: 'retention-daily',
        operation_type: 'retention_protect',
        trigger_id: triggerId,
        operation_definition: { provider_id: blockProvider.id, plan_id: planId, max_backups: '1' },
      },
    });
    expect(operation.status, operation.text).toBe(200);
    const operationId = (operation.body as { scheduled_operation: { id: string } }).scheduled_operation.id;
    const report = await world.stack.run('retention', `retention-${operationId}-1`, {
      project_id: demo.project,
      scheduled_operation_id: operationId,
      trigger_id: triggerId,
    });
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    expect(world.stack.executions().filter((e) => e.workflow.endsWith('-protect'))).toHaveLength(2);
    const deletion = deleteOf(checkpointId);
    expect((await world.stack.waitFor(deletion?.name ?? '')).outcome).toMatchObject({ status: 'SUCCEEDED' });
    expect(['deleted', 'gone']).toContain(await showCheckpoint(checkpointId));
    const listed = await world.call(
      demo,
      'GET',
      `/providers/${blockProvider.id}/checkpoints?plan_id=${planId}`,
    );
    const available = (listed.body as { checkpoints: { id: string; status: string }[] }).checkpoints.filter(
      (c) => c.status === 'available',
    );
    expect(available).toHaveLength(1);
    checkpointId = (available[0] as { id: string }).id;
  });

  it('delete: the checkpoint ends deleted', async () => {
    const reply = await world.call(
      demo,
      'DELETE',
      `/providers/${blockProvider.id}/checkpoints/${checkpointId}`,
    );
    expect(reply.status, reply.text).toBe(200);
    const execution = deleteOf(checkpointId);
    const report = await world.stack.waitFor(execution?.name ?? '');
    expect(report.outcome).toMatchObject({ status: 'SUCCEEDED' });
    expect(['deleted', 'gone']).toContain(await showCheckpoint(checkpointId));
  });

  it('gc: one mover gc task per project of the store, the execution succeeds', async () => {
    const before = world.stack.mover.runs.length;
    const report = await world.stack.run('gc', 'gc-aws-runtime', {});
    expect(report.outcome, moverLog(world)).toMatchObject({ status: 'SUCCEEDED' });
    const gcRuns = world.stack.mover.runs.slice(before);
    expect(gcRuns.map((run) => [run.argv[2], run.exitCode])).toEqual([['gc', 0]]);
  });
});
