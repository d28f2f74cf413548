import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { RunResources } from '../components/run-resources.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAsync } from '../components/use-async.js';

/** Verifications read a checkpoint back and compare it with its manifests; each with its per-resource result. */
export const VerificationsPage = () => {
  const { client } = useConsole();
  const verifications = useAsync(() => client.verifications(), [client], {
    poll: (list) => list.some((v) => v.status === 'in_progress'),
    pollMs: 2000,
  });
  return (
    <>
      <h1>Verifications</h1>
      <p>Start a verification from an available checkpoint on its plan's checkpoints page.</p>
      <ErrorNotice error={verifications.error} />
      {verifications.loading && !verifications.data && <p role="status">Loading verifications…</p>}
      {verifications.data?.length === 0 && <p>No verifications yet.</p>}
      {verifications.data?.map((verification) => (
        <section key={verification.id} class="card" aria-labelledby={`verification-${verification.id}`}>
          <h2 id={`verification-${verification.id}`}>
            Verification <code>{verification.id.slice(0, 8)}</code>{' '}
            <StatusBadge status={verification.status} />
          </h2>
          <p class="muted">
            Checkpoint <code>{verification.checkpoint_id}</code>
          </p>
          <RunResources run={verification} caption="Verified resources" />
        </section>
      ))}
    </>
  );
};
