import { deserializeResourceGraph, type GraphNode } from '../protectables/graph.js';
import { ResourceTypes } from '../protectables/model.js';
import type { ResourceRef } from './runs/resource-runs.js';

/**
 * Orders a checkpoint's resources into waves: every resource comes after everything it depends
 * on (its children in the resource graph) and networks come first, since servers are restored
 * onto them although the graph keeps them under the project. Resources of one wave are
 * independent and run in parallel; waves run one after another.
 */
export const wavesOf = (graph: readonly GraphNode[]): ResourceRef[][] => {
  const levels = new Map<string, { resource: ResourceRef; level: number }>();
  const visit = (node: GraphNode): number => {
    const key = `${node.resource.type}#${node.resource.id}`;
    const known = levels.get(key);
    if (known) return known.level;
    const childLevels = node.children.map(visit);
    const isNetwork = node.resource.type === ResourceTypes.network;
    const level = isNetwork ? 0 : childLevels.length ? Math.max(...childLevels) + 1 : 1;
    const { type, id, name, extra_info } = node.resource;
    levels.set(key, { resource: { type, id, name, extra_info }, level });
    return level;
  };
  for (const root of graph) visit(root);
  const waves: ResourceRef[][] = [];
  for (const { resource, level } of levels.values()) {
    waves[level] ??= [];
    waves[level].push(resource);
  }
  return waves.filter((wave) => wave.length > 0);
};

export const wavesOfPackedGraph = (packed: string | null): ResourceRef[][] =>
  packed ? wavesOf(deserializeResourceGraph(packed)) : [];
