import type { CronField, CronSpec } from './crontab.js';
import { nextOccurrence, type Schedule } from './schedule.js';
import { formatSchedulerTime } from './time-format.js';

/**
 * How Karbor's window maps onto EventBridge Scheduler. Karbor's window is a deadline: the
 * engine fires as soon as it can and drops a run that would start later than occurrence +
 * window. EventBridge's FLEXIBLE time window is the opposite — it delays each invocation by
 * a random amount up to the window — so we keep it OFF and express the deadline as the
 * target's retry policy `MaximumEventAgeInSeconds` (EventBridge accepts 60..86400; devstack
 * windows of 20..30 s are raised to 60). The workflow still checks (`isWithinWindow`)
 * `scheduled-time + windowSeconds` itself and logs `dropped_out_of_window`.
 */
interface SchedulerTiming {
  readonly flexibleTimeWindow: { readonly mode: 'OFF' };
  readonly maximumEventAgeSeconds: number;
  readonly windowSeconds: number;
}

type SchedulerExpression =
  | (SchedulerTiming & {
      readonly kind: 'cron';
      /** `cron(m h dom mon dow year)` in UTC. */
      readonly expression: string;
      readonly startDate?: Date;
      readonly endDate?: Date;
    })
  | (SchedulerTiming & {
      readonly kind: 'at';
      /** `at(yyyy-mm-ddThh:mm:ss)` in UTC; the workflow re-arms after each run. */
      readonly expression: string;
      readonly occurrence: Date;
    })
  /** No occurrence is left (end_time, COUNT or UNTIL passed): delete the schedule. */
  | { readonly kind: 'exhausted' };

const timing = (window: number): SchedulerTiming => ({
  flexibleTimeWindow: { mode: 'OFF' },
  maximumEventAgeSeconds: Math.min(86_400, Math.max(60, window)),
  windowSeconds: window,
});

/**
 * Renders a set of values as EventBridge accepts it: `a/s` to the end (only where the field
 * allows `/`; day-of-week does not), ranges and lists.
 */
const renderValues = (values: readonly number[], max: number, stepAllowed: boolean): string => {
  const [first, second] = values;
  if (stepAllowed && first !== undefined && second !== undefined && values.length >= 3) {
    const step = second - first;
    const arithmetic = values.every((v, i) => v === first + i * step);
    const last = values[values.length - 1] ?? 0;
    if (arithmetic && step > 1 && last + step > max) return `${first}/${step}`;
  }
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === (values[j] ?? 0) + 1) j++;
    parts.push(j - i >= 2 ? `${values[i]}-${values[j]}` : values.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
};

const renderField = (
  field: CronField,
  max: number,
  options: { offset?: number; step?: boolean } = {},
): string =>
  field.restricted
    ? renderValues(
        field.values.map((v) => v + (options.offset ?? 0)),
        max,
        options.step ?? true,
      )
    : '*';

const fieldsOf = (spec: CronSpec): CronField[] => [
  spec.minute,
  spec.hour,
  spec.dayOfMonth,
  spec.month,
  spec.dayOfWeek,
];

/**
 * EventBridge's 6-field cron for a crontab, or undefined when it cannot say exactly the
 * same thing: when both day fields are restricted, cron's either-or rule has no
 * EventBridge equivalent (EventBridge needs `?` in one of them), or a field selects nothing.
 */
const toEventBridgeCron = (spec: CronSpec): string | undefined => {
  if (spec.dayOfMonth.restricted && spec.dayOfWeek.restricted) return undefined;
  // a field that selects nothing (croniter reads `7/1` in day-of-week so) has no cron form
  if (fieldsOf(spec).some((field) => field.restricted && field.values.length === 0)) return undefined;
  const dayOfMonth = spec.dayOfWeek.restricted ? '?' : renderField(spec.dayOfMonth, 31);
  // EventBridge numbers days of week 1-7 from Sunday; ours are 0-6 from Sunday. Its grammar
  // allows `, - * ? L #` there, no `/` (eb-cron-expressions.html).
  const dayOfWeek = spec.dayOfWeek.restricted
    ? renderField(spec.dayOfWeek, 7, { offset: 1, step: false })
    : '?';
  const fields = [
    renderField(spec.minute, 59),
    renderField(spec.hour, 23),
    dayOfMonth,
    renderField(spec.month, 12),
    dayOfWeek,
    '*',
  ];
  return `cron(${fields.join(' ')})`;
};

/**
 * The EventBridge Scheduler expression for a trigger at `now`: a recurring `cron(...)`
 * when the pattern maps exactly (start_time as StartDate if still ahead, end_time + 1 s as
 * EndDate because EventBridge's EndDate is exclusive and Karbor's end_time inclusive),
 * otherwise a one-time `at(...)` for the next occurrence. When re-arming after a run, pass
 * the occurrence that just fired as `after` so a run that ends early never re-fires it.
 */
const toSchedulerExpression = (schedule: Schedule, now: Date, after: Date = now): SchedulerExpression => {
  const from = after > now ? after : now;
  const next = nextOccurrence(schedule, from);
  if (!next) return { kind: 'exhausted' };
  const { recurrence, startTime, endTime, window } = schedule;
  const cron = recurrence.format === 'crontab' ? toEventBridgeCron(recurrence.cron) : undefined;
  if (cron) {
    return {
      kind: 'cron',
      expression: cron,
      ...(startTime > now && { startDate: startTime }),
      ...(endTime && { endDate: new Date(endTime.getTime() + 1000) }),
      ...timing(window),
    };
  }
  return { kind: 'at', expression: `at(${formatSchedulerTime(next)})`, occurrence: next, ...timing(window) };
};

export { type SchedulerExpression, type SchedulerTiming, toEventBridgeCron, toSchedulerExpression };
