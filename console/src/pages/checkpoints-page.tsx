import { useState } from 'preact/hooks';
import type { Checkpoint, Plan } from '../api/karbor-types.js';
import { CliEquivalent } from '../components/cli-equivalent.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { ProgressBar } from '../components/progress-bar.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAction, useAsync } from '../components/use-async.js';
import { checkpointFacts, explainFailure, isBusy, progressPercent } from '../model/checkpoint-progress.js';
import { cli } from '../model/cli-equivalent.js';
import { formatBytes, formatDuration } from '../model/format.js';
import { href } from '../model/routes.js';

/** A plan's checkpoints: protect now, a live bar while protecting, sizes when done, why when failed. */

const CheckpointRow = ({
  checkpoint,
  plan,
  busy,
  onDelete,
  onVerify,
}: {
  checkpoint: Checkpoint;
  plan: Plan;
  busy: boolean;
  onDelete: () => void;
  onVerify: () => void;
}) => {
  const facts = checkpointFacts(checkpoint);
  const percent = progressPercent(checkpoint);
  const label = `Checkpoint ${checkpoint.id.slice(0, 8)}`;
  return (
    <tr>
      <th scope="row">
        <code title={checkpoint.id}>{checkpoint.id.slice(0, 8)}</code>
        <div class="muted">
          {checkpoint.created_at ?? '—'}
          {facts.createdBy === 'operation-engine' ? ' · scheduled' : ''}
        </div>
      </th>
      <td>
        <StatusBadge status={checkpoint.status} />
        {checkpoint.status === 'protecting' && <ProgressBar label={`${label} progress`} percent={percent} />}
        {checkpoint.status === 'protecting' && facts.progress?.bytesTotal !== undefined && (
          <div class="muted">
            {formatBytes(facts.progress.bytesDone)} of {formatBytes(facts.progress.bytesTotal)}
            {facts.progress.resourcesTotal !== undefined &&
              ` · ${facts.progress.resourcesDone ?? 0} of ${facts.progress.resourcesTotal} resources`}
          </div>
        )}
        {checkpoint.status === 'error' && (
          <div class="failure">
            <p>{explainFailure(facts.failReason)}</p>
            {facts.failReason && <p class="muted">Reason given: {facts.failReason}</p>}
          </div>
        )}
      </td>
      <td>{formatBytes(facts.sizeBytes)}</td>
      <td>{formatBytes(facts.bytesStored)}</td>
      <td>{formatDuration(facts.durationSeconds)}</td>
      <td class="actions">
        {checkpoint.status === 'available' && (
          <>
            <a class="button" href={href.restore(plan.provider_id, checkpoint.id)}>
              Restore<span class="visually-hidden"> {label}</span>
            </a>
            <button type="button" disabled={busy} onClick={onVerify}>
              Verify<span class="visually-hidden"> {label}</span>
            </button>
          </>
        )}
        {(checkpoint.status === 'available' || checkpoint.status === 'error') && (
          <ConfirmButton
            label="Delete"
            accessibleLabel={`Delete ${label}`}
            confirmLabel="Delete checkpoint"
            question="Its backup data is removed."
            disabled={busy}
            onConfirm={onDelete}
          />
        )}
      </td>
    </tr>
  );
};

export const CheckpointsPage = ({ planId }: { planId: string }) => {
  const { client } = useConsole();
  const plan = useAsync(() => client.plan(planId), [client, planId]);
  const providerId = plan.data?.provider_id;
  const checkpoints = useAsync(
    () => (providerId ? client.checkpoints(providerId, planId) : Promise.resolve([])),
    [client, providerId, planId],
    { poll: (list) => list.some((c) => isBusy(c.status)), pollMs: 1000 },
  );
  const action = useAction();
  const [command, setCommand] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  if (!plan.data) {
    return (
      <>
        <h1>Checkpoints</h1>
        <ErrorNotice error={plan.error} />
        {plan.loading && <p role="status">Loading plan…</p>}
      </>
    );
  }
  const current = plan.data;
  const protect = () =>
    action.run(async () => {
      await client.createCheckpoint(current.provider_id, current.id);
      setCommand(cli.checkpointCreate(current.provider_id, current.id));
      setNotice(undefined);
      checkpoints.reload();
    });
  const remove = (checkpoint: Checkpoint) =>
    action.run(async () => {
      await client.deleteCheckpoint(current.provider_id, checkpoint.id);
      setCommand(cli.checkpointDelete(current.provider_id, checkpoint.id));
      checkpoints.reload();
    });
  const verify = (checkpoint: Checkpoint) =>
    action.run(async () => {
      await client.createVerification(current.provider_id, checkpoint.id);
      setCommand(cli.verificationCreate(current.provider_id, checkpoint.id));
      setNotice('Verification started; see Verifications for its result.');
    });

  return (
    <>
      <h1>Checkpoints of {current.name}</h1>
      <p>
        <button type="button" class="button-primary" disabled={action.busy} onClick={protect}>
          Protect now
        </button>{' '}
        <a href={href.plans}>Back to plans</a>
      </p>
      <ErrorNotice error={action.error} context="The action failed" />
      {notice && (
        <div class="notice notice-info" role="status">
          {notice}
        </div>
      )}
      <CliEquivalent command={command ?? cli.checkpointList(current.provider_id, current.id)} />
      <ErrorNotice error={checkpoints.error} />
      {checkpoints.data?.length === 0 && <p>No checkpoints yet. Protect now to make the first one.</p>}
      {checkpoints.data && checkpoints.data.length > 0 && (
        <table class="list">
          <caption class="visually-hidden">Checkpoints</caption>
          <thead>
            <tr>
              <th scope="col">Checkpoint</th>
              <th scope="col">Status</th>
              <th scope="col">Size</th>
              <th scope="col">Stored</th>
              <th scope="col">Duration</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {checkpoints.data.map((checkpoint) => (
              <CheckpointRow
                key={checkpoint.id}
                checkpoint={checkpoint}
                plan={current}
                busy={action.busy}
                onDelete={() => remove(checkpoint)}
                onVerify={() => verify(checkpoint)}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
