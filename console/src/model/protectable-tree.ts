import type { ProtectableInstance, Resource } from '../api/karbor-types.js';

/**
 * The project's protectable resources as a tree: the project at the top, each resource under
 * the resource it belongs to (a volume under the server it is attached to, a server's boot
 * image under the server), everything else directly under the project.
 */

export interface TreeNode {
  readonly resource: Resource;
  /** `<type>#<id>`, unique in the tree. */
  readonly key: string;
  readonly children: readonly TreeNode[];
}

export const resourceKey = (resource: Pick<Resource, 'type' | 'id'>): string =>
  `${resource.type}#${resource.id}`;

const projectType = 'OS::Keystone::Project';

export const buildProtectableTree = (instances: readonly ProtectableInstance[]): TreeNode[] => {
  const byKey = new Map(instances.map((instance) => [resourceKey(instance), instance]));
  const ownedByOther = new Set<string>();
  for (const instance of instances) {
    if (instance.type === projectType) continue;
    for (const dependent of instance.dependent_resources) ownedByOther.add(resourceKey(dependent));
  }

  const nodeFor = (resource: Resource, path: ReadonlySet<string>): TreeNode => {
    const key = resourceKey(resource);
    const known = byKey.get(key);
    const dependents = known?.dependent_resources ?? [];
    const nextPath = new Set(path).add(key);
    return {
      resource: known ?? resource,
      key,
      children: dependents.filter((d) => !nextPath.has(resourceKey(d))).map((d) => nodeFor(d, nextPath)),
    };
  };

  const projects = instances.filter((instance) => instance.type === projectType);
  const tops = instances.filter((i) => i.type !== projectType && !ownedByOther.has(resourceKey(i)));
  if (projects.length === 0) return tops.map((instance) => nodeFor(instance, new Set()));
  return projects.map((project) => ({
    resource: project,
    key: resourceKey(project),
    children: tops.map((instance) => nodeFor(instance, new Set([resourceKey(project)]))),
  }));
};

/** Every resource of a subtree, the node first. */
export const flatten = (node: TreeNode): TreeNode[] => [node, ...node.children.flatMap(flatten)];

const typeNames: Readonly<Record<string, string>> = {
  'OS::Keystone::Project': 'Project',
  'OS::Nova::Server': 'Server',
  'OS::Cinder::Volume': 'Volume',
  'OS::Glance::Image': 'Image',
  'OS::Neutron::Network': 'Network topology',
  'OS::Manila::Share': 'Share',
  'OS::Trove::Instance': 'Database',
  'OS::Kubernetes::Pod': 'Pod',
};

export const typeName = (type: string): string => typeNames[type] ?? type;

export const resourceLabel = (resource: Pick<Resource, 'type' | 'id' | 'name'>): string =>
  `${typeName(resource.type)} ${resource.name || resource.id}`;
