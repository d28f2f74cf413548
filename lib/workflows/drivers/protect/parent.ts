import type { Bank } from '../../../bank/bank.js';
import type { ResourceRunRepository } from '../../runs/resource-runs.js';

/**
 * The checkpoint an incremental backup of a resource builds on: the newest `available`
 * checkpoint of the same plan, older than this one, whose run stored a manifest for the
 * resource. Blocks whose hash is unchanged are then neither uploaded again nor stored twice.
 */
export const findParentCheckpoint = async (
  bank: Bank,
  runs: ResourceRunRepository,
  scope: { project_id: string; plan_id: string; checkpoint_id: string },
  resourceKey: string,
): Promise<string | undefined> => {
  const checkpoints = await bank.checkpoints.listByPlan(scope.project_id, scope.plan_id);
  const current = checkpoints.find((c) => c.id === scope.checkpoint_id);
  const candidates = checkpoints
    .filter((c) => c.status === 'available' && c.id !== scope.checkpoint_id)
    .filter((c) => !current || c.created_at <= current.created_at)
    .sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  for (const checkpoint of candidates) {
    const run = await runs.get(scope.project_id, checkpoint.id, resourceKey);
    if (run?.status === 'available' && run.result?.manifest === true) return checkpoint.id;
  }
  return undefined;
};
