import { useState } from 'preact/hooks';
import { CliEquivalent } from '../components/cli-equivalent.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useAction, useAsync } from '../components/use-async.js';
import { formatUtc } from '../model/format.js';
import { describeTrigger, nextRuns } from '../model/schedule-model.js';
import { ScheduledOperationForm } from './scheduled-operation-form.js';
import { TriggerForm } from './trigger-form.js';

/** Triggers (when) and scheduled operations (what, on which trigger), with their next runs. */
export const SchedulesPage = () => {
  const { client } = useConsole();
  const data = useAsync(async () => {
    const [triggers, operations, plans] = await Promise.all([
      client.triggers(),
      client.scheduledOperations(),
      client.plans(),
    ]);
    return { triggers, operations, plans };
  }, [client]);
  const action = useAction();
  const [command, setCommand] = useState<string | undefined>(undefined);
  const created = (cmd: string) => {
    setCommand(cmd);
    data.reload();
  };
  const now = new Date();
  const triggerName = (id: string) => data.data?.triggers.find((t) => t.id === id)?.name ?? id.slice(0, 8);
  const planName = (id: string | undefined) =>
    data.data?.plans.find((p) => p.id === id)?.name ?? id?.slice(0, 8);

  return (
    <>
      <h1>Schedules</h1>
      <ErrorNotice error={data.error} />
      <ErrorNotice error={action.error} context="The action failed" />
      {command && <CliEquivalent command={command} />}
      {data.loading && !data.data && <p role="status">Loading schedules…</p>}
      {data.data && (
        <>
          <section aria-labelledby="operations-heading">
            <h2 id="operations-heading">Scheduled backups</h2>
            {data.data.operations.length === 0 && <p>No scheduled backups.</p>}
            <ul class="cards">
              {data.data.operations.map((operation) => (
                <li key={operation.id} class="card">
                  <strong>{operation.name}</strong>: plan {planName(operation.operation_definition.plan_id)},{' '}
                  {triggerName(operation.trigger_id)}
                  {operation.operation_type === 'retention_protect' && (
                    <div class="muted">
                      Retention: keep at most {operation.operation_definition.max_backups || 'any number of'}{' '}
                      checkpoints
                      {operation.operation_definition.retention_duration
                        ? `, for ${operation.operation_definition.retention_duration} days`
                        : ''}
                    </div>
                  )}
                  <ConfirmButton
                    label="Delete"
                    accessibleLabel={`Delete ${operation.name}`}
                    confirmLabel="Delete schedule"
                    question="Backups already made are kept."
                    onConfirm={() =>
                      action.run(async () => {
                        await client.deleteScheduledOperation(operation.id);
                        data.reload();
                      })
                    }
                  />
                </li>
              ))}
            </ul>
            <ScheduledOperationForm
              plans={data.data.plans}
              triggers={data.data.triggers}
              onCreated={created}
            />
          </section>
          <section aria-labelledby="triggers-heading">
            <h2 id="triggers-heading">Triggers</h2>
            {data.data.triggers.length === 0 && <p>No triggers.</p>}
            <ul class="cards">
              {data.data.triggers.map((trigger) => {
                const runs = nextRuns(trigger.properties, now);
                return (
                  <li key={trigger.id} class="card">
                    <strong>{trigger.name}</strong>: {describeTrigger(trigger.properties)}
                    {'runs' in runs ? (
                      <div class="muted">Next: {runs.runs.map(formatUtc).join(' · ') || 'no more runs'}</div>
                    ) : (
                      <div class="muted">Next runs unknown: {runs.error}</div>
                    )}
                    <ConfirmButton
                      label="Delete"
                      accessibleLabel={`Delete ${trigger.name}`}
                      confirmLabel="Delete trigger"
                      question="Only unused triggers can be deleted."
                      onConfirm={() =>
                        action.run(async () => {
                          await client.deleteTrigger(trigger.id);
                          data.reload();
                        })
                      }
                    />
                  </li>
                );
              })}
            </ul>
            <TriggerForm onCreated={created} />
          </section>
        </>
      )}
    </>
  );
};
