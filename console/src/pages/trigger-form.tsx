import { useState } from 'preact/hooks';
import { useConsole } from '../components/console-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import { useAction } from '../components/use-async.js';
import { cli } from '../model/cli-equivalent.js';
import { formatUtc } from '../model/format.js';
import {
  defaultTrigger,
  type Frequency,
  type FriendlyTrigger,
  frequencies,
  nextRuns,
  triggerProperties,
  weekdays,
} from '../model/schedule-model.js';

const frequencyLabels: Readonly<Record<Frequency, string>> = {
  hourly: 'Every hour',
  daily: 'Every day',
  weekly: 'Every week',
  monthly: 'Every month',
  crontab: 'Crontab pattern',
  calendar: 'Calendar rule (iCalendar RRULE)',
};

const hours = Array.from({ length: 24 }, (_, h) => h);
const minutes = Array.from({ length: 12 }, (_, i) => i * 5);
const days = Array.from({ length: 28 }, (_, i) => i + 1);
const pad = (n: number) => String(n).padStart(2, '0');

/** A new trigger in friendly terms, with its next five fire times shown as it is edited. */
export const TriggerForm = ({ onCreated }: { onCreated: (command: string) => void }) => {
  const { client } = useConsole();
  const action = useAction();
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState<FriendlyTrigger>(defaultTrigger);
  const set = (change: Partial<FriendlyTrigger>) => setTrigger({ ...trigger, ...change });
  const properties = triggerProperties(trigger);
  const preview = properties.pattern ? nextRuns(properties, new Date()) : undefined;
  const { frequency } = trigger;

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const created = await client.createTrigger(name.trim(), properties);
      onCreated(cli.triggerCreate(created.name, properties));
      setName('');
    });
  };

  const select = (
    id: string,
    label: string,
    value: number,
    options: readonly number[],
    show: (n: number) => string,
    key: keyof FriendlyTrigger,
  ) => (
    <FormField id={id} label={label}>
      <select id={id} value={String(value)} onChange={(e) => set({ [key]: Number(e.currentTarget.value) })}>
        {options.map((n) => (
          <option key={n} value={String(n)}>
            {show(n)}
          </option>
        ))}
      </select>
    </FormField>
  );

  return (
    <form onSubmit={submit} aria-labelledby="new-trigger">
      <h3 id="new-trigger">New trigger</h3>
      <FormField id="trigger-name" label="Name">
        <input
          id="trigger-name"
          value={name}
          required
          maxLength={255}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </FormField>
      <FormField id="trigger-frequency" label="Runs">
        <select
          id="trigger-frequency"
          value={frequency}
          onChange={(e) => set({ frequency: e.currentTarget.value as Frequency })}
        >
          {frequencies.map((f) => (
            <option key={f} value={f}>
              {frequencyLabels[f]}
            </option>
          ))}
        </select>
      </FormField>
      <div class="field-row">
        {frequency === 'weekly' &&
          select(
            'trigger-weekday',
            'On',
            trigger.weekday,
            [0, 1, 2, 3, 4, 5, 6],
            (d) => weekdays[d] ?? '',
            'weekday',
          )}
        {frequency === 'monthly' &&
          select('trigger-day', 'On day', trigger.dayOfMonth, days, String, 'dayOfMonth')}
        {['daily', 'weekly', 'monthly'].includes(frequency) &&
          select('trigger-hour', 'Hour (UTC)', trigger.hour, hours, pad, 'hour')}
        {['hourly', 'daily', 'weekly', 'monthly'].includes(frequency) &&
          select('trigger-minute', 'Minute', trigger.minute, minutes, pad, 'minute')}
      </div>
      {(frequency === 'crontab' || frequency === 'calendar') && (
        <FormField id="trigger-pattern" label="Pattern">
          <textarea
            id="trigger-pattern"
            rows={frequency === 'calendar' ? 4 : 1}
            value={trigger.pattern}
            spellcheck={false}
            aria-describedby="trigger-pattern-help"
            onInput={(e) => set({ pattern: e.currentTarget.value })}
          />
          <small id="trigger-pattern-help" class="help">
            {frequency === 'crontab'
              ? 'Five fields: minute hour day-of-month month day-of-week, in UTC, e.g. 30 2 * * 1-5.'
              : 'A VEVENT with an RRULE, e.g. BEGIN:VEVENT / RRULE:FREQ=MONTHLY;BYDAY=2TU / END:VEVENT.'}
          </small>
        </FormField>
      )}
      <FormField id="trigger-window" label="Start within (seconds)">
        <input
          id="trigger-window"
          type="number"
          min={0}
          step={1}
          value={String(trigger.window)}
          aria-describedby="trigger-window-help"
          onInput={(e) => set({ window: Number(e.currentTarget.value) })}
        />
        <small id="trigger-window-help" class="help">
          How late a run may still start; later runs are skipped.
        </small>
      </FormField>
      <section aria-live="polite" aria-label="Next runs" class="next-runs">
        <h4>Next five runs</h4>
        {preview === undefined && <p class="muted">Enter a pattern to see when it runs.</p>}
        {preview && 'error' in preview && <p class="muted">This pattern cannot be read: {preview.error}</p>}
        {preview && 'runs' in preview && (
          <ol>
            {preview.runs.map((run) => (
              <li key={run.getTime()}>
                {formatUtc(run)} <span class="muted">({run.toLocaleString()} your time)</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <ErrorNotice error={action.error} context="The trigger was not created" />
      <button type="submit" class="button-primary" disabled={action.busy}>
        Create trigger
      </button>
    </form>
  );
};
