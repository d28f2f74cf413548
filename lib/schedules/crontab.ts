import { PatternSyntaxError } from './errors.js';

/** One expanded cron field: the sorted values it allows and whether it restricts anything. */
interface CronField {
  readonly values: readonly number[];
  readonly restricted: boolean;
}

/** A parsed 5-field crontab, all values in UTC. Days of week are 0..6 with 0 = Sunday. */
interface CronSpec {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

const monthNames = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const fieldRules = {
  minute: { min: 0, max: 59, names: [] as readonly string[], nameBase: 0 },
  hour: { min: 0, max: 23, names: [] as readonly string[], nameBase: 0 },
  dayOfMonth: { min: 1, max: 31, names: [] as readonly string[], nameBase: 0 },
  month: { min: 1, max: 12, names: monthNames as readonly string[], nameBase: 1 },
  dayOfWeek: { min: 0, max: 7, names: dayNames as readonly string[], nameBase: 0 },
} as const;

type FieldName = keyof typeof fieldRules;

const aliases: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const parseValue = (text: string, name: FieldName): number => {
  const rule = fieldRules[name];
  const index = rule.names.indexOf(text.toUpperCase());
  if (index >= 0) return index + rule.nameBase;
  if (!/^\d+$/.test(text)) throw new PatternSyntaxError(`"${text}" is not a valid ${name} value`);
  const value = Number(text);
  if (value < rule.min || value > rule.max) {
    throw new PatternSyntaxError(`${name} value ${value} is outside ${rule.min}-${rule.max}`);
  }
  return value;
};

const parseItem = (item: string, name: FieldName, into: Set<number>): void => {
  const rule = fieldRules[name];
  const [range = '', stepText, extra] = item.split('/');
  if (extra !== undefined || range === '')
    throw new PatternSyntaxError(`"${item}" is not a valid ${name} item`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      throw new PatternSyntaxError(`"${item}" has an invalid step`);
    }
    step = Number(stepText);
  }
  let low: number;
  let high: number;
  if (range === '*') {
    low = rule.min;
    high = name === 'dayOfWeek' ? 6 : rule.max;
  } else if (range.includes('-')) {
    const [a = '', b = '', more] = range.split('-');
    if (more !== undefined) throw new PatternSyntaxError(`"${item}" is not a valid ${name} range`);
    low = parseValue(a, name);
    high = parseValue(b, name);
    if (low > high) throw new PatternSyntaxError(`"${item}" is a descending range`);
  } else {
    low = parseValue(range, name);
    // croniter reads "a/s" as "a-max/s".
    high = stepText === undefined ? low : name === 'dayOfWeek' ? 6 : rule.max;
  }
  for (let v = low; v <= high; v += step) into.add(name === 'dayOfWeek' && v === 7 ? 0 : v);
};

/**
 * `otherDayField` is the text of the other day field. As in croniter, a field listing every
 * value is unrestricted, except that a day field stays restricted when the other day field
 * has no `*` — so `0 0 1 * 0-6` fires every day (either-or), like Vixie cron.
 */
const parseField = (text: string, name: FieldName, otherDayField?: string): CronField => {
  if (/[#?]/.test(text) || /(^|,)(L|LW|\d+W|\d*L)(,|$)/i.test(text)) {
    throw new PatternSyntaxError(
      `${name} "${text}" uses L, W, # or ?, which crontab triggers do not support`,
    );
  }
  const values = new Set<number>();
  for (const item of text.split(',')) parseItem(item, name, values);
  const rule = fieldRules[name];
  const size = name === 'dayOfWeek' ? 7 : rule.max - rule.min + 1;
  const full = values.size === size && (text === '*' || !otherDayField || otherDayField.includes('*'));
  return { values: [...values].sort((a, b) => a - b), restricted: !full };
};

/** Parses a crontab pattern (5 fields, croniter syntax, or an `@daily`-style alias). */
const parseCrontab = (pattern: string): CronSpec => {
  const trimmed = pattern.trim();
  const text = aliases[trimmed.toLowerCase()] ?? trimmed;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    throw new PatternSyntaxError(
      `a crontab has 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    );
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  return {
    minute: parseField(minute, 'minute'),
    hour: parseField(hour, 'hour'),
    dayOfMonth: parseField(dayOfMonth, 'dayOfMonth', dayOfWeek),
    month: parseField(month, 'month'),
    dayOfWeek: parseField(dayOfWeek, 'dayOfWeek', dayOfMonth),
  };
};

/** Vixie/croniter rule: when both day fields are restricted a day matches if either matches. */
const dayMatches = (spec: CronSpec, date: Date): boolean => {
  const dom = spec.dayOfMonth.values.includes(date.getUTCDate());
  const dow = spec.dayOfWeek.values.includes(date.getUTCDay());
  return spec.dayOfMonth.restricted && spec.dayOfWeek.restricted ? dom || dow : dom && dow;
};

const minuteMs = 60_000;
/** Leap-day-on-a-weekday rules repeat within 28 years (40 across a skipped leap century). */
const searchYears = 100;

/**
 * The first time matching the crontab strictly after `after`, or undefined when none exists
 * within `searchYears` or before `limit`. Advances by whole months, days and hours where a field rules them
 * out, so even a Feb-29 rule takes a few thousand steps at most.
 */
const nextCronTime = (spec: CronSpec, after: Date, limit?: Date): Date | undefined => {
  let t = new Date(Math.floor(after.getTime() / minuteMs) * minuteMs + minuteMs);
  const lastYear = t.getUTCFullYear() + searchYears;
  const stop = limit?.getTime() ?? Number.POSITIVE_INFINITY;
  while (t.getUTCFullYear() <= lastYear && t.getTime() <= stop) {
    const y = t.getUTCFullYear();
    const mo = t.getUTCMonth();
    const d = t.getUTCDate();
    const h = t.getUTCHours();
    if (!spec.month.values.includes(mo + 1)) {
      t = new Date(Date.UTC(y, mo + 1, 1));
      continue;
    }
    if (!dayMatches(spec, t)) {
      t = new Date(Date.UTC(y, mo, d + 1));
      continue;
    }
    const hour = spec.hour.values.find((v) => v >= h);
    if (hour === undefined) {
      t = new Date(Date.UTC(y, mo, d + 1));
      continue;
    }
    if (hour > h) {
      t = new Date(Date.UTC(y, mo, d, hour));
      continue;
    }
    const minute = spec.minute.values.find((v) => v >= t.getUTCMinutes());
    if (minute !== undefined) {
      const found = new Date(Date.UTC(y, mo, d, h, minute));
      return found.getTime() <= stop ? found : undefined;
    }
    t = new Date(Date.UTC(y, mo, d, h + 1));
  }
  return undefined;
};

export { type CronField, type CronSpec, nextCronTime, parseCrontab };
