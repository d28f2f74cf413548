import { PatternSyntaxError } from './errors.js';

/** RRULE frequencies we support, coarsest first (SECONDLY is refused). */
const frequencies = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY'] as const;
type Frequency = (typeof frequencies)[number];

/** iCalendar weekday codes in JavaScript `getUTCDay()` order (0 = Sunday). */
const weekdayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** A BYDAY entry: a weekday (0 = Sunday) and, for MONTHLY/YEARLY, an optional ordinal (2TU, -1FR). */
interface WeekdayRule {
  readonly weekday: number;
  readonly nth?: number;
}

/** One parsed RRULE; absent BYxxx parts are undefined (defaults come from DTSTART later). */
interface RRuleSpec {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  readonly until?: Date;
  readonly byMonth?: readonly number[];
  readonly byMonthDay?: readonly number[];
  readonly byDay?: readonly WeekdayRule[];
  readonly byHour?: readonly number[];
  readonly byMinute?: readonly number[];
  readonly bySecond?: readonly number[];
  readonly bySetPos?: readonly number[];
  /** Week start, 0 = Sunday; RFC 5545 default Monday. */
  readonly wkst: number;
}

const unsupportedParts = new Set(['BYYEARDAY', 'BYWEEKNO', 'BYEASTER', 'RSCALE', 'SKIP']);

const integer = (text: string, part: string): number => {
  if (!/^[+-]?\d+$/.test(text))
    throw new PatternSyntaxError(`RRULE ${part} value "${text}" is not an integer`);
  return Number(text);
};

/** A comma list of integers in [min, max]; with `signed`, also -max..-min (zero never). */
const integers = (text: string, part: string, min: number, max: number, signed = false): number[] => {
  const values = text.split(',').map((item) => integer(item, part));
  for (const v of values) {
    const ok = (v >= min && v <= max) || (signed && v <= -Math.max(1, min) && v >= -max);
    if (!ok || (signed && v === 0)) throw new PatternSyntaxError(`RRULE ${part} value ${v} is out of range`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
};

const weekday = (code: string, part: string): number => {
  const index = weekdayCodes.indexOf(code.toUpperCase() as (typeof weekdayCodes)[number]);
  if (index < 0) throw new PatternSyntaxError(`RRULE ${part} value "${code}" is not a weekday (MO..SU)`);
  return index;
};

const byDay = (text: string, freq: Frequency): WeekdayRule[] =>
  text.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?([A-Za-z]{2})$/.exec(item);
    if (!match) throw new PatternSyntaxError(`RRULE BYDAY value "${item}" is not a weekday (MO, 2TU, -1FR)`);
    const day = weekday(match[2] ?? '', 'BYDAY');
    if (match[1] === undefined) return { weekday: day };
    const nth = Number(match[1]);
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
      throw new PatternSyntaxError(`RRULE BYDAY ordinal "${item}" needs FREQ=MONTHLY or FREQ=YEARLY`);
    }
    if (nth === 0 || Math.abs(nth) > 53)
      throw new PatternSyntaxError(`RRULE BYDAY ordinal "${item}" is out of range`);
    return { weekday: day, nth };
  });

/** Parses an iCalendar date or date-time value (`20260101`, `20260101T090000`, `…Z`) as UTC. */
const parseICalDateTime = (text: string, what: string): Date => {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/i.exec(text.trim());
  if (!match) throw new PatternSyntaxError(`${what} "${text}" is not an iCalendar date-time`);
  const [y, mo, d, h = 0, mi = 0, s = 0] = match.slice(1, 7).map((v) => Number(v ?? 0));
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h, mi, s));
  if (date.getUTCMonth() !== (mo ?? 1) - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new PatternSyntaxError(`${what} "${text}" is not a valid date-time`);
  }
  return date;
};

/** Parses the value of an RRULE line, e.g. `FREQ=MONTHLY;BYDAY=2TU;INTERVAL=1;`. */
const parseRRule = (value: string): RRuleSpec => {
  const parts = new Map<string, string>();
  for (const item of value.split(';')) {
    if (item.trim() === '') continue;
    const [key = '', val, extra] = item.split('=');
    const name = key.trim().toUpperCase();
    if (val === undefined || extra !== undefined || val.trim() === '') {
      throw new PatternSyntaxError(`RRULE part "${item}" is not NAME=VALUE`);
    }
    if (parts.has(name)) throw new PatternSyntaxError(`RRULE part ${name} appears twice`);
    parts.set(name, val.trim());
  }
  const freqText = parts.get('FREQ')?.toUpperCase();
  if (freqText === undefined) throw new PatternSyntaxError('RRULE has no FREQ');
  if (!frequencies.includes(freqText as Frequency)) {
    throw new PatternSyntaxError(`RRULE FREQ=${freqText} is not supported (use ${frequencies.join(', ')})`);
  }
  const freq = freqText as Frequency;
  const rule: { -readonly [K in keyof RRuleSpec]: RRuleSpec[K] } = { freq, interval: 1, wkst: 1 };
  for (const [name, val] of parts) {
    if (name === 'FREQ') continue;
    if (name === 'INTERVAL') rule.interval = integers(val, name, 1, 1_000_000)[0] ?? 1;
    else if (name === 'COUNT') rule.count = integers(val, name, 1, 1_000_000)[0];
    else if (name === 'UNTIL') rule.until = parseICalDateTime(val, 'RRULE UNTIL');
    else if (name === 'BYMONTH') rule.byMonth = integers(val, name, 1, 12);
    else if (name === 'BYMONTHDAY') rule.byMonthDay = integers(val, name, 1, 31, true);
    else if (name === 'BYDAY') rule.byDay = byDay(val, freq);
    else if (name === 'BYHOUR') rule.byHour = integers(val, name, 0, 23);
    else if (name === 'BYMINUTE') rule.byMinute = integers(val, name, 0, 59);
    else if (name === 'BYSECOND') rule.bySecond = integers(val, name, 0, 59);
    else if (name === 'BYSETPOS') rule.bySetPos = integers(val, name, 1, 366, true);
    else if (name === 'WKST') rule.wkst = weekday(val, name);
    else if (unsupportedParts.has(name)) throw new PatternSyntaxError(`RRULE part ${name} is not supported`);
    else throw new PatternSyntaxError(`RRULE part ${name} is unknown`);
  }
  if (rule.count !== undefined && rule.until !== undefined) {
    throw new PatternSyntaxError('RRULE must not have both COUNT and UNTIL');
  }
  if (rule.bySetPos && !rule.byMonth && !rule.byMonthDay && !rule.byDay && !rule.byHour && !rule.byMinute) {
    throw new PatternSyntaxError('RRULE BYSETPOS needs another BYxxx part to select from');
  }
  return rule;
};

export {
  type Frequency,
  frequencies,
  parseICalDateTime,
  parseRRule,
  type RRuleSpec,
  type WeekdayRule,
  weekdayCodes,
};
