import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { ProgressBar } from '../components/progress-bar.js';
import { RunResources } from '../components/run-resources.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAsync } from '../components/use-async.js';
import { runPercent } from '../model/restore-model.js';
import { href } from '../model/routes.js';

/** One restore, refreshed while it runs: overall state, a bar, and each resource's result. */
export const RestoreDetailPage = ({ restoreId }: { restoreId: string }) => {
  const { client } = useConsole();
  const restore = useAsync(() => client.restore(restoreId), [client, restoreId], {
    poll: (r) => r.status === 'in_progress',
    pollMs: 1000,
  });
  const data = restore.data;
  return (
    <>
      <h1>Restore {restoreId.slice(0, 8)}</h1>
      <p>
        <a href={href.restores}>All restores</a>
      </p>
      <ErrorNotice error={restore.error} />
      {restore.loading && !data && <p role="status">Loading restore…</p>}
      {data && (
        <>
          <dl class="review">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={data.status} />
            </dd>
            <dt>Checkpoint</dt>
            <dd>
              <code>{data.checkpoint_id}</code>
            </dd>
            <dt>Into</dt>
            <dd>{data.restore_target ? `Another project at ${data.restore_target}` : 'This project'}</dd>
          </dl>
          {data.status === 'in_progress' && (
            <ProgressBar label="Restore progress" percent={runPercent(data)} />
          )}
          <h2>Resources</h2>
          <RunResources run={data} caption="Restored resources" />
        </>
      )}
    </>
  );
};
