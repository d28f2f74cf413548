import type { CallerContext } from './http/api-types.js';

/**
 * What the API needs from the protectables (lib/protectables, over lib/openstack): resource
 * types, instances and the dependency graph, seen with the caller's rights.
 */

export interface ProtectableInstance {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly extra_info: Readonly<Record<string, unknown>> | null;
}

export interface ProtectablesView {
  types(): readonly string[];
  dependentTypes(type: string): readonly string[];
  listInstances(type: string, parameters: Readonly<Record<string, unknown>>): Promise<ProtectableInstance[]>;
  /** Rejects with `InstanceNotFound` when the instance does not exist for the caller. */
  showInstance(
    type: string,
    id: string,
    parameters: Readonly<Record<string, unknown>>,
  ): Promise<ProtectableInstance>;
  dependents(resource: ProtectableInstance): Promise<ProtectableInstance[]>;
  /** The packed resource graph of reference §4.3, as JSON text. */
  buildGraph(resources: readonly ProtectableInstance[]): Promise<string>;
}

export class InstanceNotFound extends Error {
  override name = 'InstanceNotFound';
}

export class ProtectablesUnavailable extends Error {
  override name = 'ProtectablesUnavailable';
}

export type ProtectablesFactory = (caller: CallerContext) => ProtectablesView;
