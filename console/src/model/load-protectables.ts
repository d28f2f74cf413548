import type { KarborClient } from '../api/karbor-client.js';
import type { ProtectableInstance } from '../api/karbor-types.js';
import { buildProtectableTree, type TreeNode } from './protectable-tree.js';

/** Every protectable instance of the project, listed type by type; a failing type is reported, not fatal. */
export interface ProtectablesResult {
  readonly tree: TreeNode[];
  readonly instances: ProtectableInstance[];
  readonly failures: { readonly type: string; readonly error: unknown }[];
}

export const loadProtectables = async (client: KarborClient): Promise<ProtectablesResult> => {
  const types = await client.protectableTypes();
  const listed = await Promise.all(
    types.map(async (type) => {
      try {
        return { type, instances: await client.instances(type) };
      } catch (error) {
        return { type, error };
      }
    }),
  );
  const instances = listed.flatMap((entry) => ('instances' in entry ? (entry.instances ?? []) : []));
  const failures = listed.flatMap((entry) =>
    'error' in entry ? [{ type: entry.type, error: entry.error }] : [],
  );
  return { tree: buildProtectableTree(instances), instances, failures };
};
