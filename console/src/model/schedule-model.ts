import {
  formatKarborTime,
  nextOccurrences,
  type TriggerProperties as StoredTriggerProperties,
  scheduleFromProperties,
} from '../../../lib/schedules/index.js';
import type { TriggerProperties } from '../api/karbor-types.js';

/**
 * Triggers in a friendly form: "every day at 02:30" becomes the crontab Karbor stores, stored
 * crontabs of those shapes read back as words, and the next runs come from the same
 * occurrence code the scheduler uses (lib/schedules). Triggers fire in UTC.
 */

export const frequencies = ['hourly', 'daily', 'weekly', 'monthly', 'crontab', 'calendar'] as const;
export type Frequency = (typeof frequencies)[number];

export interface FriendlyTrigger {
  readonly frequency: Frequency;
  /** 0–59 */
  readonly minute: number;
  /** 0–23, UTC */
  readonly hour: number;
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
  /** 1–28 */
  readonly dayOfMonth: number;
  /** The pattern typed for `crontab` and `calendar`. */
  readonly pattern: string;
  /** Seconds a run may start late. */
  readonly window: number;
}

export const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const defaultTrigger: FriendlyTrigger = {
  frequency: 'daily',
  minute: 0,
  hour: 2,
  weekday: 1,
  dayOfMonth: 1,
  pattern: '',
  window: 900,
};

/** The properties to send for a friendly trigger. */
export const triggerProperties = (trigger: FriendlyTrigger): TriggerProperties => {
  const { minute, hour, weekday, dayOfMonth } = trigger;
  const crontab = (pattern: string): TriggerProperties => ({
    format: 'crontab',
    pattern,
    window: trigger.window,
  });
  switch (trigger.frequency) {
    case 'hourly':
      return crontab(`${minute} * * * *`);
    case 'daily':
      return crontab(`${minute} ${hour} * * *`);
    case 'weekly':
      return crontab(`${minute} ${hour} * * ${weekday}`);
    case 'monthly':
      return crontab(`${minute} ${hour} ${dayOfMonth} * *`);
    case 'crontab':
      return crontab(trigger.pattern.trim());
    case 'calendar':
      return { format: 'calendar', pattern: trigger.pattern.trim(), window: trigger.window };
  }
};

const pad = (n: number): string => String(n).padStart(2, '0');
const small = (text: string, max: number): number | undefined =>
  /^\d{1,2}$/.test(text) && Number(text) <= max ? Number(text) : undefined;

/** A stored trigger in words, e.g. "Every Monday at 02:30 UTC"; the raw pattern otherwise. */
export const describeTrigger = (properties: TriggerProperties): string => {
  const pattern = (properties.pattern ?? '').trim();
  if (properties.format === 'calendar') return `Calendar rule: ${pattern.replaceAll('\n', ' ')}`;
  const [m, h, dom, mon, dow, ...rest] = pattern.split(/\s+/);
  const minute = small(m ?? '', 59);
  const hour = small(h ?? '', 23);
  if (rest.length === 0 && minute !== undefined && mon === '*') {
    if (h === '*' && dom === '*' && dow === '*') return `Every hour at minute ${minute}`;
    if (hour !== undefined) {
      const at = `at ${pad(hour)}:${pad(minute)} UTC`;
      if (dom === '*' && dow === '*') return `Every day ${at}`;
      const day = small(dow ?? '', 7);
      if (dom === '*' && day !== undefined) return `Every ${weekdays[day % 7]} ${at}`;
      const date = small(dom ?? '', 31);
      if (dow === '*' && date !== undefined && date > 0) return `On day ${date} of every month ${at}`;
    }
  }
  return `Crontab: ${pattern}`;
};

/**
 * The next `count` fire times after `now` (fewer when the trigger ends), or the reason the
 * pattern cannot be read. A trigger without start_time is previewed as starting now.
 */
export const nextRuns = (
  properties: TriggerProperties,
  now: Date,
  count = 5,
): { runs: Date[] } | { error: string } => {
  try {
    const stored: { [K in keyof StoredTriggerProperties]?: string } = {
      format: properties.format as StoredTriggerProperties['format'],
      pattern: properties.pattern ?? '',
      start_time: properties.start_time ?? formatKarborTime(now),
      window: String(properties.window ?? defaultTrigger.window),
      ...(properties.end_time ? { end_time: properties.end_time } : {}),
    };
    return { runs: nextOccurrences(scheduleFromProperties(stored), now, count) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};
