import type { Verification } from '../api/karbor-types.js';
import { typeName } from '../model/protectable-tree.js';
import { resourceRuns } from '../model/restore-model.js';
import { StatusBadge } from './status-badge.js';

/** Per-resource status and reason of a restore or verification (resources_status / _reason). */
export const RunResources = ({ run, caption }: { run: Verification; caption: string }) => {
  const rows = resourceRuns(run);
  if (rows.length === 0) return <p class="muted">No resource has reported yet.</p>;
  return (
    <table class="list">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Resource</th>
          <th scope="col">Status</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">
              {typeName(row.type)} <code>{row.id}</code>
            </th>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td>{row.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
