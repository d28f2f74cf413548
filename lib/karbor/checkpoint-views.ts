import type { CheckpointRecord } from '../bank/records.js';
import { karborDate } from './encoding.js';

/**
 * Checkpoint objects (reference §3.2). `extra_info` is a JSON string, as Karbor returns it;
 * progress and sizes go inside it, never as new field types.
 */
export const checkpointView = (checkpoint: CheckpointRecord) => ({
  id: checkpoint.id,
  project_id: checkpoint.project_id,
  status: checkpoint.status,
  protection_plan: {
    id: checkpoint.protection_plan.id,
    name: checkpoint.protection_plan.name,
    provider_id: checkpoint.protection_plan.provider_id,
    resources: checkpoint.protection_plan.resources.map((resource) => ({
      id: resource.id,
      type: resource.type,
      name: resource.name,
      extra_info: resource.extra_info ?? null,
    })),
  },
  resource_graph: checkpoint.resource_graph,
  created_at: karborDate(checkpoint.created_at),
  extra_info: JSON.stringify(checkpoint.extra_info),
});
