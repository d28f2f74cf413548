import { utcDate } from './time-format.js';

/**
 * EventBridge Scheduler's schedule expressions, parsed and checked against AWS's documented
 * grammar (Scheduler User Guide "Schedule types"; EventBridge "Cron expressions reference",
 * eb-cron-expressions.html). moto accepts any string, so this is what stands between our
 * converter and a ValidationException on AWS. Strict on purpose: only the documented forms.
 *
 *   cron(minutes hours day-of-month month day-of-week year)
 *     minutes 0-59 `, - * /` · hours 0-23 `, - * /` · day-of-month 1-31 `, - * ? / L W`
 *     month 1-12|JAN-DEC `, - * /` · day-of-week 1-7|SUN-SAT `, - * ? L #` · year 1970-2199 `, - * /`
 *     exactly one of the day fields is `?`; a `#` stands alone in day-of-week
 *   rate(value unit)   value a positive integer; unit minute|minutes|hour|hours|day|days
 *   at(yyyy-mm-ddThh:mm:ss)
 */

export class InvalidSchedulerExpression extends Error {
  override name = 'InvalidSchedulerExpression';
}

/** One item of a cron field, as EventBridge reads it. */
export type CronItem =
  | { readonly kind: 'any' }
  | { readonly kind: 'values'; readonly values: readonly number[] }
  | { readonly kind: 'last-day-of-month' }
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  | { readonly kind: 'last-weekday-of-month'; readonly weekday: number }
  | { readonly kind: 'nth-weekday'; readonly weekday: number; readonly nth: number };

export interface ParsedCron {
  readonly kind: 'cron';
  readonly minutes: readonly CronItem[];
  readonly hours: readonly CronItem[];
  readonly dayOfMonth: readonly CronItem[] | 'unspecified';
  readonly month: readonly CronItem[];
  readonly dayOfWeek: readonly CronItem[] | 'unspecified';
  readonly year: readonly CronItem[];
}

export type ParsedSchedulerExpression =
  | ParsedCron
  | { readonly kind: 'rate'; readonly seconds: number }
  | { readonly kind: 'at'; readonly time: Date };

interface FieldRule {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** the wildcards AWS lists for the field besides `,` `-` `*` */
  readonly step: boolean;
  readonly question: boolean;
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const rules = {
  minutes: { label: 'minutes', min: 0, max: 59, step: true, question: false },
  hours: { label: 'hours', min: 0, max: 23, step: true, question: false },
  dayOfMonth: { label: 'day-of-month', min: 1, max: 31, step: true, question: true },
  month: { label: 'month', min: 1, max: 12, names: monthNames, step: true, question: false },
  dayOfWeek: { label: 'day-of-week', min: 1, max: 7, names: dayNames, step: false, question: true },
  year: { label: 'year', min: 1970, max: 2199, step: true, question: false },
} as const satisfies Record<string, FieldRule>;

const invalid = (rule: FieldRule, field: string, why: string): InvalidSchedulerExpression =>
  new InvalidSchedulerExpression(`cron ${rule.label} field "${field}": ${why}`);

const fieldValue = (rule: FieldRule, text: string, field: string): number => {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < rule.min || value > rule.max)
    throw invalid(rule, field, `"${text}" is not a value in ${rule.min}-${rule.max}`);
  return value;
};

const span = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
};

const parseItem = (rule: FieldRule, item: string, field: string): CronItem => {
  if (item === '*') return { kind: 'any' };
  if (rule === rules.dayOfMonth && item === 'L') return { kind: 'last-day-of-month' };
  if (rule === rules.dayOfMonth && /^\d+W$/.test(item))
    return { kind: 'nearest-weekday', day: fieldValue(rule, item.slice(0, -1), field) };
  if (rule === rules.dayOfWeek && item === 'L') return { kind: 'values', values: [7] };
  if (rule === rules.dayOfWeek && /^\w+L$/.test(item))
    return { kind: 'last-weekday-of-month', weekday: fieldValue(rule, item.slice(0, -1), field) };
  if (rule === rules.dayOfWeek && item.includes('#')) {
    const [weekday = '', nth = ''] = item.split('#');
    if (!/^[1-5]$/.test(nth)) throw invalid(rule, field, `"#${nth}" must be 1-5`);
    return { kind: 'nth-weekday', weekday: fieldValue(rule, weekday, field), nth: Number(nth) };
  }
  if (item.includes('/')) {
    if (!rule.step) throw invalid(rule, field, '"/" is not allowed in this field');
    const [start = '', step = ''] = item.split('/');
    const from = fieldValue(rule, start, field);
    if (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > rule.max - rule.min + 1)
      throw invalid(rule, field, `"${step}" is not an increment`);
    return { kind: 'values', values: span(from, rule.max, Number(step)) };
  }
  if (item.includes('-')) {
    const [from = '', to = '', ...rest] = item.split('-');
    const low = fieldValue(rule, from, field);
    const high = fieldValue(rule, to, field);
    if (rest.length > 0 || low > high) throw invalid(rule, field, `"${item}" is not a range`);
    return { kind: 'values', values: span(low, high) };
  }
  return { kind: 'values', values: [fieldValue(rule, item, field)] };
};

const parseField = (rule: FieldRule, field: string): readonly CronItem[] | 'unspecified' => {
  if (field === '?') {
    if (!rule.question) throw invalid(rule, field, '"?" is allowed only in the day fields');
    return 'unspecified';
  }
  if (!/^[0-9A-Za-z*,\-/#]+$/.test(field))
    throw invalid(rule, field, 'it holds a character AWS does not allow');
  const items = field.split(',');
  if (items.some((item) => item === '')) throw invalid(rule, field, 'an empty list item');
  if (items.length > 1 && field.includes('#')) throw invalid(rule, field, 'a "#" item must stand alone');
  const dayField = rule === rules.dayOfMonth || rule === rules.dayOfWeek;
  if (items.length > 1 && items.some((i) => i === '*' || (dayField && /[LW]$/.test(i))))
    throw invalid(rule, field, '"*", "L" and "W" must stand alone');
  return items.map((item) => parseItem(rule, item, field));
};

const required = (rule: FieldRule, field: string): readonly CronItem[] => {
  const parsed = parseField(rule, field);
  if (parsed === 'unspecified') throw invalid(rule, field, '"?" is not allowed here');
  return parsed;
};

const parseCron = (body: string): ParsedCron => {
  const fields = body.split(' ');
  if (fields.length !== 6 || fields.some((f) => f === ''))
    throw new InvalidSchedulerExpression(`cron() needs six fields separated by single spaces, got "${body}"`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const dayOfMonth = parseField(rules.dayOfMonth, dom);
  const dayOfWeek = parseField(rules.dayOfWeek, dow);
  if ((dayOfMonth === 'unspecified') === (dayOfWeek === 'unspecified'))
    throw new InvalidSchedulerExpression(
      `cron(${body}): exactly one of day-of-month and day-of-week must be "?"`,
    );
  return {
    kind: 'cron',
    minutes: required(rules.minutes, minutes),
    hours: required(rules.hours, hours),
    dayOfMonth,
    month: required(rules.month, month),
    dayOfWeek,
    year: required(rules.year, year),
  };
};

const rateUnits: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

const parseRate = (body: string): ParsedSchedulerExpression => {
  const match = /^([1-9]\d*) (minute|hour|day)(s?)$/.exec(body);
  if (!match) throw new InvalidSchedulerExpression(`rate(${body}): expected "rate(value unit)"`);
  const [, value = '', unit = '', plural] = match;
  if ((value === '1') === (plural === 's'))
    throw new InvalidSchedulerExpression(`rate(${body}): the unit is singular for 1 and plural otherwise`);
  return { kind: 'rate', seconds: Number(value) * (rateUnits[unit] ?? 0) };
};

const parseAt = (body: string): ParsedSchedulerExpression => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  const [y, mo, d, h, mi, s] = (match?.slice(1) ?? []).map(Number) as number[];
  const time = match ? utcDate(y ?? 0, mo ?? 0, d ?? 0, h ?? 0, mi ?? 0, s ?? 0) : undefined;
  if (!time) throw new InvalidSchedulerExpression(`at(${body}): expected a valid yyyy-mm-ddThh:mm:ss`);
  return { kind: 'at', time };
};

/** Parses an expression as AWS would accept it; throws InvalidSchedulerExpression saying why not. */
export const parseSchedulerExpression = (expression: string): ParsedSchedulerExpression => {
  if (expression.length < 1 || expression.length > 256)
    throw new InvalidSchedulerExpression(`an expression has 1-256 characters, got ${expression.length}`);
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression);
  if (!match) throw new InvalidSchedulerExpression(`"${expression}" is not cron(...), rate(...) or at(...)`);
  const [, kind, body = ''] = match;
  if (kind === 'cron') return parseCron(body);
  if (kind === 'rate') return parseRate(body);
  return parseAt(body);
};

/** Schedule and schedule-group names: 1-64 characters of `[0-9a-zA-Z-_.]` (CreateSchedule API). */
export const isSchedulerName = (name: string): boolean => /^[0-9a-zA-Z\-_.]{1,64}$/.test(name);

export { dayNames as schedulerDayNames, monthNames as schedulerMonthNames };
