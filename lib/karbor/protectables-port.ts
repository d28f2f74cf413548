import type { CallerContext } from './http/api-types.js';

/**
 * What the API needs from the protectables (lib/protectables, over lib/openstack): resource
 * types, instances and the dependency graph, seen with the caller's rights.
 */

export interface ProtectableResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly extra_info: Readonly<Record<string, unknown>> | null;
}

/** An instance with the resources it depends on (reference §3.4). */
export interface ProtectableInstance extends ProtectableResource {
  readonly dependent_resources: readonly ProtectableResource[];
}

export interface ProtectablesView {
  listInstances(type: string, parameters: Readonly<Record<string, unknown>>): Promise<ProtectableInstance[]>;
  /** Rejects with `InstanceNotFound` when the instance does not exist for the caller. */
  showInstance(
    type: string,
    id: string,
    parameters: Readonly<Record<string, unknown>>,
  ): Promise<ProtectableInstance>;
  /** The packed resource graph of reference §4.3, as JSON text. */
  buildGraph(resources: readonly ProtectableResource[]): Promise<string>;
}

export class InstanceNotFound extends Error {
  override name = 'InstanceNotFound';
}

export class ProtectablesUnavailable extends Error {
  override name = 'ProtectablesUnavailable';
}

export type ProtectablesFactory = (caller: CallerContext) => ProtectablesView;
