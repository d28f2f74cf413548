import { expect } from 'vitest';
import { blockProvider } from '../../../lib/providers/block-provider.js';
import { eventually, type Tenant, type WorkflowApi } from './workflow-api.js';

/** Protect a plan of `resources` and restore its checkpoint through the API, waiting for each to end. */

export interface PlanResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
}

export interface RestoreView {
  readonly id: string;
  readonly status: string;
  readonly restore_target: string | null;
  readonly resources_status: Record<string, string>;
  readonly resources_reason: Record<string, string>;
}

/** Makes a plan, protects it and returns the checkpoint id once it is available. */
export const protectResources = async (
  world: WorkflowApi,
  who: Tenant,
  resources: readonly PlanResource[],
): Promise<string> => {
  const plan = await world.call(who, 'POST', '/plans', {
    plan: { name: 'restore-test', provider_id: blockProvider.id, parameters: {}, resources },
  });
  expect(plan.status, plan.text).toBe(200);
  const planId = (plan.body as { plan: { id: string } }).plan.id;
  const created = await world.call(who, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
    checkpoint: { plan_id: planId },
  });
  expect(created.status, created.text).toBe(200);
  const id = (created.body as { checkpoint: { id: string } }).checkpoint.id;
  const checkpoint = await eventually(
    async () =>
      (
        (await world.call(who, 'GET', `/providers/${blockProvider.id}/checkpoints/${id}`)).body as {
          checkpoint: { status: string; extra_info: string };
        }
      ).checkpoint,
    (c) => c.status !== 'protecting',
  );
  expect(checkpoint.status, checkpoint.extra_info).toBe('available');
  return id;
};

/** Starts a restore and returns it once it left `in_progress`. */
export const restoreCheckpoint = async (
  world: WorkflowApi,
  who: Tenant,
  checkpointId: string,
  extra: { parameters?: Record<string, unknown>; restore_target?: string; restore_auth?: unknown } = {},
): Promise<RestoreView> => {
  const started = await world.call(who, 'POST', '/restores', {
    restore: { provider_id: blockProvider.id, checkpoint_id: checkpointId, parameters: {}, ...extra },
  });
  expect(started.status, started.text).toBe(200);
  const id = (started.body as { restore: RestoreView }).restore.id;
  await world.orchestrator.waitFor(`restore-${id}`);
  const shown = await world.call(who, 'GET', `/restores/${id}`);
  return (shown.body as { restore: RestoreView }).restore;
};

/** The new id `resources_status` names for a type (the one restored resource of that type). */
export const restoredId = (restore: RestoreView, type: string): string => {
  const keys = Object.keys(restore.resources_status).filter((key) => key.startsWith(`${type}#`));
  expect(keys, JSON.stringify(restore)).toHaveLength(1);
  return (keys[0] as string).slice(type.length + 1);
};
