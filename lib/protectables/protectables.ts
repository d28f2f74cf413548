import type { KeystoneSession } from '../openstack/session.js';
import { buildResourceGraph, type GraphNode, serializeResourceGraph } from './graph.js';
import {
  type InstanceParameters,
  InvalidProtectableTypeError,
  ListProtectableFailedError,
  type PluginContext,
  ProtectableError,
  type ProtectableInstance,
  type ProtectablePlugin,
  type ProtectableResource,
  type ResourceType,
} from './model.js';
import { protectablePlugins } from './plugins.js';

/**
 * Protectables for one API request, as the caller sees them.
 *
 *   const session = callerSession({ authUrl, token, projectId, access });   // lib/openstack
 *   const p = createProtectables(session);
 *   p.types()                         GET /protectables → ["OS::Keystone::Project", …]
 *   p.dependentTypes(type)            GET /protectables/{type} → dependent_types
 *   await p.listInstances(type, params)      GET …/instances (with dependent_resources)
 *   await p.showInstance(type, id, params)   GET …/instances/{id}
 *   await p.dependents(resource)      children of one resource, registry order (image before volumes)
 *   await p.buildGraph(planResources) checkpoint create: { roots, resourceGraph } — resourceGraph
 *                                     is the exact `resource_graph` JSON string (karbor-api.md §4.3)
 *
 * `session` must be authenticated with the CALLER's token, scoped to the caller's project (the
 * project and its name come from that token on every call, never from a cache). Errors, for the
 * controller to map: InvalidProtectableTypeError → 400, ProtectableNotFoundError → 404,
 * InvalidResourceStatusError / InstanceMissingError / ListProtectableFailedError → 500.
 * Dependents fail loudly by default (a graph missing a volume would protect too little);
 * `tolerant: true` gives Karbor's behaviour (a failing plugin yields [] and is reported).
 */

export interface ProtectablesOptions {
  readonly plugins?: readonly ProtectablePlugin[];
  readonly tolerant?: boolean;
  readonly onPluginError?: (type: ResourceType, error: unknown) => void;
}

export interface PlanResource {
  readonly type: string;
  readonly id: string;
  readonly name?: string;
  readonly extra_info?: Readonly<Record<string, string>> | null;
}

export interface Protectables {
  types(): ResourceType[];
  dependentTypes(type: string): ResourceType[];
  listInstances(type: string, parameters?: InstanceParameters): Promise<ProtectableInstance[]>;
  showInstance(type: string, id: string, parameters?: InstanceParameters): Promise<ProtectableInstance>;
  dependents(resource: ProtectableResource): Promise<ProtectableResource[]>;
  buildGraph(resources: readonly PlanResource[]): Promise<{ roots: GraphNode[]; resourceGraph: string }>;
}

export const createProtectables = (
  session: KeystoneSession,
  options: ProtectablesOptions = {},
): Protectables => {
  const plugins = options.plugins ?? protectablePlugins;

  const plugin = (type: string): ProtectablePlugin => {
    const found = plugins.find((p) => p.type === type);
    if (!found) throw new InvalidProtectableTypeError(type);
    return found;
  };

  const context = async (): Promise<PluginContext> => {
    const access = await session.access();
    if (!access.project) throw new ProtectableError('the caller session is not scoped to a project');
    return { session, projectId: access.project.id, projectName: access.project.name };
  };

  const dependentsIn = async (
    c: PluginContext,
    resource: ProtectableResource,
  ): Promise<ProtectableResource[]> => {
    const all: ProtectableResource[] = [];
    for (const p of plugins.filter((x) => x.parentTypes.includes(resource.type))) {
      try {
        all.push(...(await p.dependents(c, resource)));
      } catch (error) {
        options.onPluginError?.(p.type, error);
        if (!options.tolerant) throw error;
      }
    }
    return all;
  };

  const withDependents = async (c: PluginContext, r: ProtectableResource): Promise<ProtectableInstance> => ({
    ...r,
    dependent_resources: await dependentsIn(c, r),
  });

  return {
    types: () => plugins.map((p) => p.type),
    dependentTypes: (type) => {
      plugin(type);
      return plugins.filter((p) => p.parentTypes.includes(type as ResourceType)).map((p) => p.type);
    },
    listInstances: async (type, parameters = {}) => {
      const p = plugin(type);
      const c = await context();
      let resources: ProtectableResource[];
      try {
        resources = await p.list(c, parameters);
      } catch (error) {
        throw error instanceof ProtectableError
          ? error
          : new ListProtectableFailedError(type, { cause: error });
      }
      const instances: ProtectableInstance[] = [];
      for (const r of resources) instances.push(await withDependents(c, r));
      return instances;
    },
    showInstance: async (type, id, parameters = {}) => {
      const p = plugin(type);
      const c = await context();
      return withDependents(c, await p.show(c, id, parameters));
    },
    dependents: async (resource) => dependentsIn(await context(), resource),
    buildGraph: async (resources) => {
      const c = await context();
      const start = resources.map((r): ProtectableResource => {
        plugin(r.type);
        return {
          type: r.type as ResourceType,
          id: r.id,
          name: r.name ?? '',
          extra_info: r.extra_info ?? null,
        };
      });
      const roots = await buildResourceGraph(start, (r) => dependentsIn(c, r));
      return { roots, resourceGraph: serializeResourceGraph(roots) };
    },
  };
};
