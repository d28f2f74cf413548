import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import type { CheckpointRecord } from '../../lib/bank/records.js';
import { maxPayloadBytes } from '../../local/execution-limits.js';
import { type AwsWorld, startAwsWorld } from './support/aws-world.js';

/**
 * StartProtect's synthesized bundle on a checkpoint of 2,000 resources: what it hands the state
 * machine must fit the 256 KiB state payload (finding 14), or the execution fails with
 * States.DataLimitExceeded, which no Catch catches.
 */

const resources = 2_000;

const packedGraph = (): string =>
  JSON.stringify([
    Object.fromEntries(
      Array.from({ length: resources }, (_, i) => [
        `0x${i.toString(16)}`,
        [
          'OS::Glance::Image',
          randomUUID(),
          `nightly-image-of-the-application-server-${i}`,
          { status: 'active' },
        ],
      ]),
    ),
    [],
  ]);

describe('a plan of 2,000 resources', () => {
  let world: AwsWorld;
  beforeAll(async () => {
    world = await startAwsWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it("StartProtect's result stays under the state payload limit", async () => {
    const project = randomUUID().replace(/-/g, '');
    const checkpoint: CheckpointRecord = {
      id: randomUUID(),
      project_id: project,
      created_at: new Date().toISOString(),
      status: 'protecting',
      provider_id: 'cf56bd3e-97a7-4078-b6d5-f36246333fd9',
      plan_id: randomUUID(),
      protection_plan: { id: 'plan', name: 'large', provider_id: 'provider', resources: [] },
      resource_graph: packedGraph(),
      extra_info: { created_by: 'manual' },
      owner_user_id: 'user',
    };
    await createBank().checkpoints.create(checkpoint);
    const startProtect = world.stack.functions
      .functions()
      .find((fn) => fn.logicalId.startsWith('OrchestrationStartProtectTask'));
    const result = (await world.stack.functions.invoke(startProtect?.arn ?? '', {
      request: {
        project_id: project,
        checkpoint_id: checkpoint.id,
        provider_id: checkpoint.provider_id,
        plan_id: checkpoint.plan_id,
        operation_log_id: null,
      },
      execution_id: 'arn:aws:states:us-east-1:000000000000:execution:Karbor-protect:large',
    })) as { Payload: { waves: unknown[][] } };
    expect(result.Payload.waves.flat()).toHaveLength(resources);
    expect(Buffer.byteLength(JSON.stringify(result.Payload))).toBeLessThan(maxPayloadBytes);
  });
});
