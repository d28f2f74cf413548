import { GraphCycleError, type ProtectableResource } from './model.js';

/**
 * The resource graph of a checkpoint (karbor-api.md §4.2, §4.3). Start nodes are the plan's
 * resources (deduplicated by type and id); children come from `dependents`, recursively; a
 * cycle is an error; a start node that is another node's child is not a root. Serialised as
 * JSON `[nodes, adjacency]`: nodes `{"0x0": [type, id, name, extra_info]}` numbered in post
 * order (children before parents), adjacency `[[parent, [children…]]]` in the same order.
 */

export interface GraphNode {
  readonly resource: ProtectableResource;
  readonly children: readonly GraphNode[];
}

export type DependentsOf = (resource: ProtectableResource) => Promise<readonly ProtectableResource[]>;

const keyOf = (r: Pick<ProtectableResource, 'type' | 'id'>): string => `${r.type}\u0000${r.id}`;

export const buildResourceGraph = async (
  start: readonly ProtectableResource[],
  dependents: DependentsOf,
): Promise<GraphNode[]> => {
  const built = new Map<string, GraphNode>();
  const visiting = new Set<string>();

  const visit = async (resource: ProtectableResource): Promise<GraphNode> => {
    const key = keyOf(resource);
    const done = built.get(key);
    if (done) return done;
    if (visiting.has(key))
      throw new GraphCycleError(`dependency cycle through ${resource.type} ${resource.id}`);
    visiting.add(key);
    const children: GraphNode[] = [];
    for (const child of await dependents(resource)) children.push(await visit(child));
    visiting.delete(key);
    const node: GraphNode = { resource, children };
    built.set(key, node);
    return node;
  };

  const starts = new Map<string, ProtectableResource>();
  for (const resource of start) if (!starts.has(keyOf(resource))) starts.set(keyOf(resource), resource);
  const roots: GraphNode[] = [];
  for (const resource of starts.values()) roots.push(await visit(resource));

  const childKeys = new Set<string>();
  for (const node of built.values()) for (const child of node.children) childKeys.add(keyOf(child.resource));
  return roots.filter((root) => !childKeys.has(keyOf(root.resource)));
};

export type PackedNode = readonly [string, string, string, Readonly<Record<string, string>> | null];
export type PackedGraph = readonly [Record<string, PackedNode>, (readonly [string, readonly string[]])[]];

export const packResourceGraph = (roots: readonly GraphNode[]): PackedGraph => {
  const nodes: Record<string, PackedNode> = {};
  const adjacency: (readonly [string, readonly string[]])[] = [];
  const sids = new Map<GraphNode, string>();
  let counter = 0;
  const pack = (node: GraphNode): string => {
    const known = sids.get(node);
    if (known) return known;
    const childSids = node.children.map(pack);
    const sid = `0x${counter.toString(16)}`;
    counter += 1;
    const r = node.resource;
    nodes[sid] = [r.type, r.id, r.name, r.extra_info];
    sids.set(node, sid);
    if (childSids.length > 0) adjacency.push([sid, childSids]);
    return sid;
  };
  for (const root of roots) pack(root);
  return [nodes, adjacency];
};

/** The `resource_graph` string of a checkpoint. */
export const serializeResourceGraph = (roots: readonly GraphNode[]): string =>
  JSON.stringify(packResourceGraph(roots));

/** Inverse of serializeResourceGraph (for restores and tests). */
export const deserializeResourceGraph = (text: string): GraphNode[] => {
  const [nodes, adjacency] = JSON.parse(text) as PackedGraph;
  const childrenOf = new Map(adjacency.map(([sid, children]) => [sid, children]));
  const made = new Map<string, GraphNode>();
  const make = (sid: string): GraphNode => {
    const existing = made.get(sid);
    if (existing) return existing;
    const packed = nodes[sid];
    if (!packed) throw new GraphCycleError(`resource graph refers to unknown node ${sid}`);
    const [type, id, name, extra_info] = packed;
    const node: GraphNode = {
      resource: { type: type as ProtectableResource['type'], id, name, extra_info },
      children: (childrenOf.get(sid) ?? []).map(make),
    };
    made.set(sid, node);
    return node;
  };
  const all = Object.keys(nodes).map(make);
  const children = new Set(adjacency.flatMap(([, c]) => c));
  return Object.keys(nodes)
    .filter((sid) => !children.has(sid))
    .map((sid) => made.get(sid))
    .filter((n): n is GraphNode => n !== undefined && all.includes(n));
};
