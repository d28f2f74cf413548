import { useState } from 'preact/hooks';
import { InputError } from '../api/api-error.js';
import type { Plan, Trigger } from '../api/karbor-types.js';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { useAction } from '../components/use-async.js';
import { cli } from '../model/cli-equivalent.js';
import { describeTrigger } from '../model/schedule-model.js';

/** Runs a plan on a trigger: plain protect, or protect then apply retention (max backups, max age). */
export const ScheduledOperationForm = ({
  plans,
  triggers,
  onCreated,
}: {
  plans: readonly Plan[];
  triggers: readonly Trigger[];
  onCreated: (command: string) => void;
}) => {
  const { client } = useConsole();
  const action = useAction();
  const [name, setName] = useState('');
  const [chosenPlan, setPlanId] = useState<string | undefined>(undefined);
  const [chosenTrigger, setTriggerId] = useState<string | undefined>(undefined);
  // the lists change under the form (a trigger just created): fall back to the first entry
  const planId = plans.find((p) => p.id === chosenPlan)?.id ?? plans[0]?.id ?? '';
  const triggerId = triggers.find((t) => t.id === chosenTrigger)?.id ?? triggers[0]?.id ?? '';
  const [retention, setRetention] = useState(false);
  const [maxBackups, setMaxBackups] = useState('');
  const [retentionDays, setRetentionDays] = useState('');

  if (plans.length === 0 || triggers.length === 0) {
    return <p>To schedule backups, first create a plan and a trigger.</p>;
  }

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const plan = plans.find((p) => p.id === planId);
      if (!plan) throw new InputError('Choose a plan.');
      const definition: Record<string, string> = { provider_id: plan.provider_id, plan_id: plan.id };
      if (retention) {
        for (const [key, value, what] of [
          ['max_backups', maxBackups, 'Keep at most'],
          ['retention_duration', retentionDays, 'Keep for'],
        ] as const) {
          if (value.trim() === '') continue;
          if (!/^\d+$/.test(value.trim())) throw new InputError(`${what}: enter a whole number.`);
          definition[key] = value.trim();
        }
      }
      const type = retention ? 'retention_protect' : 'protect';
      const created = await client.createScheduledOperation({
        name: name.trim(),
        operation_type: type,
        trigger_id: triggerId,
        operation_definition: definition,
      });
      onCreated(cli.scheduledOperationCreate(created.name, type, triggerId, definition));
      setName('');
    });
  };

  return (
    <form onSubmit={submit} aria-labelledby="new-operation">
      <h3 id="new-operation">New scheduled backup</h3>
      <FormField id="operation-name" label="Name">
        <input
          id="operation-name"
          value={name}
          required
          maxLength={255}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </FormField>
      <FormField id="operation-plan" label="Plan">
        <select id="operation-plan" value={planId} onChange={(e) => setPlanId(e.currentTarget.value)}>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="operation-trigger" label="When">
        <select
          id="operation-trigger"
          value={triggerId}
          onChange={(e) => setTriggerId(e.currentTarget.value)}
        >
          {triggers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} — {describeTrigger(t.properties)}
            </option>
          ))}
        </select>
      </FormField>
      <div class="field field-check">
        <input
          id="operation-retention"
          type="checkbox"
          checked={retention}
          onChange={(e) => setRetention(e.currentTarget.checked)}
        />
        <label for="operation-retention">Delete old checkpoints after each backup (retention)</label>
      </div>
      {retention && (
        <div class="field-row indent">
          <FormField id="operation-max-backups" label="Keep at most (checkpoints)">
            <input
              id="operation-max-backups"
              type="number"
              min={1}
              step={1}
              value={maxBackups}
              onInput={(e) => setMaxBackups(e.currentTarget.value)}
            />
          </FormField>
          <FormField id="operation-retention-days" label="Keep for (days)">
            <input
              id="operation-retention-days"
              type="number"
              min={1}
              step={1}
              value={retentionDays}
              onInput={(e) => setRetentionDays(e.currentTarget.value)}
            />
          </FormField>
        </div>
      )}
      <ErrorNotice error={action.error} context="The schedule was not created" />
      <button type="submit" class="button-primary" disabled={action.busy}>
        Schedule backups
      </button>
    </form>
  );
};
