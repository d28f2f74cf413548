import type { KeystoneSession } from '../openstack/session.js';

/** Protectable resource model (karbor-api.md §4.1), plugin contract and errors. */

export const ResourceTypes = {
  project: 'OS::Keystone::Project',
  server: 'OS::Nova::Server',
  volume: 'OS::Cinder::Volume',
  image: 'OS::Glance::Image',
  network: 'OS::Neutron::Network',
} as const;

export type ResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

/** Karbor's Resource: the node of the resource graph. */
export interface ProtectableResource {
  readonly type: ResourceType;
  readonly id: string;
  readonly name: string;
  readonly extra_info: Readonly<Record<string, string>> | null;
}

/** What the protectables API shows per instance. */
export interface ProtectableInstance extends ProtectableResource {
  readonly dependent_resources: readonly ProtectableResource[];
}

/** The `parameters` query (already parsed to an object); none of these five types uses it. */
export type InstanceParameters = Readonly<Record<string, unknown>>;

export interface PluginContext {
  /** Authenticated with the caller's token, scoped to the caller's project. */
  readonly session: KeystoneSession;
  readonly projectId: string;
  readonly projectName: string;
}

export interface ProtectablePlugin {
  readonly type: ResourceType;
  readonly parentTypes: readonly ResourceType[];
  list(context: PluginContext, parameters: InstanceParameters): Promise<ProtectableResource[]>;
  /** Throws ProtectableNotFoundError, InvalidResourceStatusError or InstanceMissingError. */
  show(context: PluginContext, id: string, parameters: InstanceParameters): Promise<ProtectableResource>;
  /** Resources of this plugin's type that depend on `parent` (of one of `parentTypes`). */
  dependents(context: PluginContext, parent: ProtectableResource): Promise<ProtectableResource[]>;
}

export class ProtectableError extends Error {
  override name = 'ProtectableError';
}

/** Unknown protectable type → the API answers 400 "Invalid protectable type provided." */
export class InvalidProtectableTypeError extends ProtectableError {
  override name = 'InvalidProtectableTypeError';
  readonly type: string;
  constructor(type: string) {
    super(`Invalid protectable type provided: ${type}`);
    this.type = type;
  }
}

/** The service says the instance does not exist → 404. */
export class ProtectableNotFoundError extends ProtectableError {
  override name = 'ProtectableNotFoundError';
  readonly type: string;
  readonly id: string;
  constructor(type: string, id: string, options?: { cause?: unknown }) {
    super(`${type} ${id} could not be found`, options);
    this.type = type;
    this.id = id;
  }
}

/** The instance exists but in a status Karbor does not protect (e.g. server ERROR) → 500. */
export class InvalidResourceStatusError extends ProtectableError {
  override name = 'InvalidResourceStatusError';
  readonly status: string;
  constructor(type: string, id: string, status: string) {
    super(`${type} ${id} is in status ${status}, which cannot be protected`);
    this.status = status;
  }
}

/** The plugin has nothing under that id (e.g. Network with another project's id) → 500 "The instance doesn't exist." */
export class InstanceMissingError extends ProtectableError {
  override name = 'InstanceMissingError';
  constructor(type: string, id: string) {
    super(`The instance doesn't exist: ${type} ${id}`);
  }
}

/** A plugin's listing failed (OpenStack error) → 500; `cause` has the failed call. */
export class ListProtectableFailedError extends ProtectableError {
  override name = 'ListProtectableFailedError';
  constructor(type: string, options: { cause: unknown }) {
    super(`listing ${type} failed: ${(options.cause as Error)?.message ?? String(options.cause)}`, options);
  }
}

/** The dependency graph has a cycle. */
export class GraphCycleError extends ProtectableError {
  override name = 'GraphCycleError';
}
