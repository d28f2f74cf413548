import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAsync } from '../components/use-async.js';
import { resourceRuns } from '../model/restore-model.js';
import { href } from '../model/routes.js';

export const RestoresPage = () => {
  const { client } = useConsole();
  const restores = useAsync(() => client.restores(), [client], {
    poll: (list) => list.some((r) => r.status === 'in_progress'),
    pollMs: 2000,
  });
  return (
    <>
      <h1>Restores</h1>
      <p>Start a restore from an available checkpoint on its plan's checkpoints page.</p>
      <ErrorNotice error={restores.error} />
      {restores.loading && !restores.data && <p role="status">Loading restores…</p>}
      {restores.data?.length === 0 && <p>No restores yet.</p>}
      {restores.data && restores.data.length > 0 && (
        <table class="list">
          <caption class="visually-hidden">Restores</caption>
          <thead>
            <tr>
              <th scope="col">Restore</th>
              <th scope="col">Status</th>
              <th scope="col">Checkpoint</th>
              <th scope="col">Resources</th>
            </tr>
          </thead>
          <tbody>
            {restores.data.map((restore) => {
              const rows = resourceRuns(restore);
              const failed = rows.filter((row) => row.status === 'error').length;
              return (
                <tr key={restore.id}>
                  <th scope="row">
                    <a href={href.restoreDetail(restore.id)}>
                      <code>{restore.id.slice(0, 8)}</code>
                    </a>
                  </th>
                  <td>
                    <StatusBadge status={restore.status} />
                  </td>
                  <td>
                    <code>{restore.checkpoint_id.slice(0, 8)}</code>
                  </td>
                  <td>
                    {rows.length}
                    {failed > 0 ? ` (${failed} failed)` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
};
