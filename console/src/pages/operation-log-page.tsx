import { useState } from 'preact/hooks';
import { CliEquivalent } from '../components/cli-equivalent.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAsync } from '../components/use-async.js';
import { cli } from '../model/cli-equivalent.js';
import { formatUtc, parseKarborDateTime, shortId } from '../model/format.js';

/** Every protect, delete, restore and verify of the project, filtered by kind, status and plan. */

const operationTypes = ['protect', 'delete', 'restore', 'verify'] as const;
const statuses = [
  'protecting',
  'available',
  'error',
  'deleting',
  'deleted',
  'in_progress',
  'success',
  'fail',
];

export const OperationLogPage = () => {
  const { client } = useConsole();
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [planId, setPlanId] = useState('');
  const plans = useAsync(() => client.plans(), [client]);
  const logs = useAsync(
    () => client.operationLogs({ status: status || undefined, plan_id: planId || undefined }),
    [client, status, planId],
    {
      poll: (list) => list.some((l) => ['protecting', 'in_progress', 'deleting'].includes(l.status)),
      pollMs: 2000,
    },
  );
  const shown = (logs.data ?? []).filter((log) => type === '' || log.operation_type === type);
  const planName = (id: string | null) => plans.data?.find((p) => p.id === id)?.name ?? shortId(id);

  return (
    <>
      <h1>Operation log</h1>
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <FormField id="log-type" label="Operation">
          <select id="log-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">All operations</option>
            {operationTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="log-status" label="Status">
          <select id="log-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="log-plan" label="Plan">
          <select id="log-plan" value={planId} onChange={(e) => setPlanId(e.currentTarget.value)}>
            <option value="">All plans</option>
            {plans.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </FormField>
      </form>
      <CliEquivalent
        command={cli.operationLogList({ status: status || undefined, plan_id: planId || undefined })}
      />
      <ErrorNotice error={logs.error} />
      {logs.loading && !logs.data && <p role="status">Loading the operation log…</p>}
      {logs.data && shown.length === 0 && <p>No operations match.</p>}
      {shown.length > 0 && (
        <table class="list">
          <caption class="visually-hidden">Operations</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Operation</th>
              <th scope="col">Status</th>
              <th scope="col">Plan</th>
              <th scope="col">Checkpoint</th>
              <th scope="col">Ended</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((log) => (
              <tr key={log.id}>
                <th scope="row">{formatUtc(parseKarborDateTime(log.started_at))}</th>
                <td>{log.operation_type}</td>
                <td>
                  <StatusBadge status={log.status} />
                </td>
                <td>{planName(log.plan_id)}</td>
                <td>
                  <code>{shortId(log.checkpoint_id)}</code>
                </td>
                <td>{formatUtc(parseKarborDateTime(log.ended_at))}</td>
                <td>{log.error_info ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
