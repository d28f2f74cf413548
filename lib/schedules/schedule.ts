import { type CronSpec, nextCronTime, parseCrontab } from './crontab.js';
import { NoOccurrenceWithinBound } from './errors.js';
import { parseCalendarPattern } from './icalendar.js';
import { type CompiledRule, compileRule, nextRuleTime } from './rrule.js';

/** Trigger `format` values; Karbor ignored the property, we honour it per trigger. */
const triggerFormats = { crontab: 'crontab', calendar: 'calendar' } as const;
type TriggerFormat = (typeof triggerFormats)[keyof typeof triggerFormats];

/** How a schedule's occurrences are computed. */
type Recurrence =
  | { readonly format: 'crontab'; readonly cron: CronSpec }
  | { readonly format: 'calendar'; readonly rules: readonly CompiledRule[] };

/**
 * A compiled trigger: the one object every consumer (EventBridge mapping, local scheduler,
 * console) computes occurrences from. Occurrences are UTC instants >= startTime and
 * <= endTime (Karbor's bound is inclusive).
 */
interface Schedule {
  readonly recurrence: Recurrence;
  readonly pattern: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  /** Karbor's window: how late (seconds) a run may start after its occurrence. */
  readonly window: number;
}

interface ScheduleInit {
  readonly format: TriggerFormat;
  readonly pattern: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  readonly window: number;
}

/**
 * Compiles a pattern. Calendar rules are anchored at the VEVENT's DTSTART if it has one,
 * else at the trigger's start_time (as Karbor's `rrulestr(..., dtstart=start_time)`).
 * Throws PatternSyntaxError.
 */
const compileSchedule = (init: ScheduleInit): Schedule => {
  let recurrence: Recurrence;
  if (init.format === 'crontab') {
    recurrence = { format: 'crontab', cron: parseCrontab(init.pattern) };
  } else {
    const calendar = parseCalendarPattern(init.pattern);
    const dtstart = calendar.dtstart ?? init.startTime;
    recurrence = { format: 'calendar', rules: calendar.rules.map((rule) => compileRule(rule, dtstart)) };
  }
  return {
    recurrence,
    pattern: init.pattern,
    startTime: init.startTime,
    ...(init.endTime && { endTime: init.endTime }),
    window: init.window,
  };
};

/**
 * The first occurrence strictly after `after` (and not before start_time), or undefined
 * when the schedule is exhausted (end_time, COUNT or UNTIL). Throws NoOccurrenceWithinBound
 * when an unbounded rule has nothing within the next 100 years.
 */
const nextOccurrence = (schedule: Schedule, after: Date): Date | undefined => {
  const from = new Date(Math.max(after.getTime(), schedule.startTime.getTime() - 1));
  const { recurrence, endTime } = schedule;
  if (recurrence.format === 'crontab') {
    const next = nextCronTime(recurrence.cron, from, endTime);
    if (next === undefined && endTime === undefined) {
      throw new NoOccurrenceWithinBound('the crontab has no occurrence within 100 years');
    }
    return next;
  }
  let best: Date | undefined;
  for (const rule of recurrence.rules) {
    const next = nextRuleTime(rule, from, endTime);
    if (next && (!best || next < best)) best = next;
  }
  return best;
};

/** Up to `count` occurrences strictly after `after`, in order; fewer when the schedule ends. */
const nextOccurrences = (schedule: Schedule, after: Date, count: number): Date[] => {
  const out: Date[] = [];
  let t: Date | undefined = after;
  while (out.length < count) {
    t = nextOccurrence(schedule, t);
    if (!t) break;
    out.push(t);
  }
  return out;
};

/**
 * Karbor's window check (karbor-api.md §6): a run for `occurrence` may start until
 * occurrence + window, inclusive; later it is `dropped_out_of_window`.
 */
const isWithinWindow = (schedule: Schedule, occurrence: Date, now: Date): boolean =>
  now.getTime() <= occurrence.getTime() + schedule.window * 1000;

export {
  compileSchedule,
  isWithinWindow,
  nextOccurrence,
  nextOccurrences,
  type Recurrence,
  type Schedule,
  type ScheduleInit,
  type TriggerFormat,
  triggerFormats,
};
