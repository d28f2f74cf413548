import type { Resource } from '../api/karbor-types.js';
import { resourceLabel, type TreeNode, typeName } from '../model/protectable-tree.js';

/**
 * The protectable resources as nested lists. With `selected`, every resource has a checkbox;
 * a resource's dependents are listed under it and protected with it (Karbor pulls them into
 * the checkpoint's graph).
 */

interface Selection {
  readonly selected?: ReadonlySet<string>;
  readonly onToggle?: (node: TreeNode, checked: boolean) => void;
  readonly disabled?: boolean;
}

interface Props extends Selection {
  readonly nodes: readonly TreeNode[];
}

const extraInfo = (resource: Resource): string | undefined => {
  const info = resource.extra_info;
  if (typeof info !== 'object' || info === null) return undefined;
  const text = Object.entries(info as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .map(([key, value]) => `${key.replaceAll('_', ' ')}: ${String(value)}`)
    .join(', ');
  return text === '' ? undefined : text;
};

const NodeItem = ({ node, selected, onToggle, disabled }: Selection & { node: TreeNode }) => {
  const id = `resource-${node.key.replaceAll(/[^\w-]/g, '_')}`;
  const info = extraInfo(node.resource);
  const label = (
    <>
      <span class="resource-type">{typeName(node.resource.type)}</span>{' '}
      <span class="resource-name">{node.resource.name || node.resource.id}</span>
      {info && <span class="resource-info"> ({info})</span>}
    </>
  );
  return (
    <li>
      {selected ? (
        <span class="tree-item">
          <input
            id={id}
            type="checkbox"
            checked={selected.has(node.key)}
            disabled={disabled}
            onChange={(event) => onToggle?.(node, event.currentTarget.checked)}
          />
          <label for={id}>{label}</label>
        </span>
      ) : (
        <span class="tree-item">{label}</span>
      )}
      {node.children.length > 0 && (
        <ul aria-label={`Depends on ${resourceLabel(node.resource)}`}>
          {node.children.map((child) => (
            <NodeItem
              key={child.key}
              node={child}
              selected={selected}
              onToggle={onToggle}
              disabled={disabled}
            />
          ))}
        </ul>
      )}
    </li>
  );
};

export const ProtectableTreeView = ({ nodes, selected, onToggle, disabled }: Props) => {
  if (nodes.length === 0) return <p>This project has no resources to protect.</p>;
  return (
    <ul class="tree" aria-label="Protectable resources">
      {nodes.map((node) => (
        <NodeItem key={node.key} node={node} selected={selected} onToggle={onToggle} disabled={disabled} />
      ))}
    </ul>
  );
};
