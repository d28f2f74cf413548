import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestKey } from '../../lib/blocks/key-layout.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { Cleanup, sessionFor } from '../openstack/support/cloud.js';
import { makeImage, projectNetwork } from '../openstack/support/fixtures.js';
import {
  eventually,
  startWorkflowApi,
  type Tenant,
  tenant,
  type WorkflowApi,
} from './support/workflow-api.js';

describe('protect workflow: image, network and project', () => {
  let world: WorkflowApi;
  let demo: Tenant;
  const cleanup = new Cleanup();

  beforeAll(async () => {
    world = await startWorkflowApi();
    demo = await tenant('demo');
  });
  afterAll(async () => {
    await cleanup.run();
    await world?.close();
  });

  it('ends available with the image stored and the topology saved', async () => {
    const session = sessionFor('demo');
    const image = await makeImage(session, cleanup);
    const network = await projectNetwork(session, 'demo');
    const plan = await world.call(demo, 'POST', '/plans', {
      plan: {
        name: 'image-and-network',
        provider_id: blockProvider.id,
        parameters: {},
        resources: [
          { id: image.id, type: 'OS::Glance::Image', name: image.name },
          { id: demo.project, type: 'OS::Neutron::Network', name: network.name },
        ],
      },
    });
    expect(plan.status, plan.text).toBe(200);
    const planId = (plan.body as { plan: { id: string } }).plan.id;
    const created = await world.call(demo, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
      checkpoint: { plan_id: planId },
    });
    expect(created.status, created.text).toBe(200);
    const id = (created.body as { checkpoint: { id: string } }).checkpoint.id;
    const checkpoint = await eventually(
      async () =>
        (
          (await world.call(demo, 'GET', `/providers/${blockProvider.id}/checkpoints/${id}`)).body as {
            checkpoint: { status: string; extra_info: string };
          }
        ).checkpoint,
      (c) => c.status !== 'protecting',
    );
    expect(checkpoint.status, checkpoint.extra_info).toBe('available');
    const extra = JSON.parse(checkpoint.extra_info) as Record<string, number>;
    expect(extra.bytes_read).toBe(1 << 20);
    const manifest = fileURLToPath(`${world.store}/${manifestKey(demo.project, id, image.id)}`);
    expect(existsSync(manifest)).toBe(true);
  });
});
