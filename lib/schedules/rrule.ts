import { NoOccurrenceWithinBound } from './errors.js';
import type { Frequency, RRuleSpec, WeekdayRule } from './rrule-parse.js';

/** An RRULE with DTSTART and dateutil's defaults filled in (BYxxx taken from DTSTART). */
interface CompiledRule {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  readonly until?: number;
  readonly dtstart: number;
  readonly wkst: number;
  readonly byMonth?: readonly number[];
  readonly byMonthDay?: readonly number[];
  readonly byDay?: readonly WeekdayRule[];
  readonly byHour?: readonly number[];
  readonly byMinute?: readonly number[];
  readonly bySecond: readonly number[];
  readonly bySetPos?: readonly number[];
}

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const minuteMs = 60_000;
const searchYears = 100;
const maxPeriods = 1_000_000;

/** Fills defaults the way python-dateutil's rrule does for a rule anchored at `dtstart`. */
const compileRule = (spec: RRuleSpec, dtstartDate: Date): CompiledRule => {
  const dtstart = Math.floor(dtstartDate.getTime() / 1000) * 1000;
  const start = new Date(dtstart);
  let { byMonth, byMonthDay, byDay } = spec;
  if (!byMonthDay && !byDay) {
    if (spec.freq === 'YEARLY') {
      byMonth ??= [start.getUTCMonth() + 1];
      byMonthDay = [start.getUTCDate()];
    } else if (spec.freq === 'MONTHLY') byMonthDay = [start.getUTCDate()];
    else if (spec.freq === 'WEEKLY') byDay = [{ weekday: start.getUTCDay() }];
  }
  const coarserThanHour = spec.freq !== 'HOURLY' && spec.freq !== 'MINUTELY';
  return {
    freq: spec.freq,
    interval: spec.interval,
    dtstart,
    wkst: spec.wkst,
    ...(spec.count !== undefined && { count: spec.count }),
    ...(spec.until !== undefined && { until: spec.until.getTime() }),
    ...(byMonth && { byMonth }),
    ...(byMonthDay && { byMonthDay }),
    ...(byDay && { byDay }),
    ...((spec.byHour ?? coarserThanHour) && { byHour: spec.byHour ?? [start.getUTCHours()] }),
    ...((spec.byMinute ?? spec.freq !== 'MINUTELY') && {
      byMinute: spec.byMinute ?? [start.getUTCMinutes()],
    }),
    bySecond: spec.bySecond ?? [start.getUTCSeconds()],
    ...(spec.bySetPos && { bySetPos: spec.bySetPos }),
  };
};

const daysIn = (year: number, month0: number): number => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** Index of the period (of the rule's frequency) holding `ms`; linear in time for every frequency. */
const periodIndex = (rule: CompiledRule, ms: number): number => {
  const d = new Date(ms);
  switch (rule.freq) {
    case 'YEARLY':
      return d.getUTCFullYear();
    case 'MONTHLY':
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    case 'WEEKLY': // epoch day 0 was a Thursday (4)
      return Math.floor((Math.floor(ms / dayMs) + 4 - rule.wkst) / 7);
    case 'DAILY':
      return Math.floor(ms / dayMs);
    case 'HOURLY':
      return Math.floor(ms / hourMs);
    case 'MINUTELY':
      return Math.floor(ms / minuteMs);
  }
};

/** [start, end) of period `i`. */
const periodRange = (rule: CompiledRule, i: number): [number, number] => {
  switch (rule.freq) {
    case 'YEARLY':
      return [Date.UTC(i, 0, 1), Date.UTC(i + 1, 0, 1)];
    case 'MONTHLY':
      return [Date.UTC(Math.floor(i / 12), i % 12, 1), Date.UTC(Math.floor(i / 12), (i % 12) + 1, 1)];
    case 'WEEKLY': {
      const start = (i * 7 - 4 + rule.wkst) * dayMs;
      return [start, start + 7 * dayMs];
    }
    case 'DAILY':
      return [i * dayMs, (i + 1) * dayMs];
    case 'HOURLY':
      return [i * hourMs, (i + 1) * hourMs];
    case 'MINUTELY':
      return [i * minuteMs, (i + 1) * minuteMs];
  }
};

/** Does an ordinal weekday (2TU, -1FR) fall on this day, counted in its month or year? */
const nthMatches = (nth: number, d: Date, inMonth: boolean): boolean => {
  const y = d.getUTCFullYear();
  const position = inMonth ? d.getUTCDate() : (d.getTime() - Date.UTC(y, 0, 1)) / dayMs + 1;
  const length = inMonth ? daysIn(y, d.getUTCMonth()) : (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / dayMs;
  return nth > 0 ? Math.ceil(position / 7) === nth : Math.floor((length - position) / 7) + 1 === -nth;
};

const dayMatches = (rule: CompiledRule, d: Date): boolean => {
  if (rule.byMonth && !rule.byMonth.includes(d.getUTCMonth() + 1)) return false;
  if (rule.byMonthDay) {
    const dim = daysIn(d.getUTCFullYear(), d.getUTCMonth());
    const day = d.getUTCDate();
    if (!rule.byMonthDay.some((v) => (v > 0 ? v : dim + v + 1) === day)) return false;
  }
  if (rule.byDay) {
    const inMonth = rule.freq === 'MONTHLY' || rule.byMonth !== undefined;
    const wd = d.getUTCDay();
    return rule.byDay.some((r) => r.weekday === wd && (r.nth === undefined || nthMatches(r.nth, d, inMonth)));
  }
  return true;
};

/** The sorted candidate instants of one period, before BYSETPOS, DTSTART, UNTIL and COUNT. */
const candidates = (rule: CompiledRule, start: number, end: number): number[] => {
  const out: number[] = [];
  for (let day = Math.floor(start / dayMs) * dayMs; day < end; day += dayMs) {
    if (!dayMatches(rule, new Date(day))) continue;
    const hours = rule.byHour ?? [Math.floor((start - day) / hourMs)];
    for (const h of hours) {
      if (rule.freq === 'HOURLY' || rule.freq === 'MINUTELY') {
        if (h !== new Date(start).getUTCHours()) continue;
      }
      const minutes = rule.byMinute ?? [new Date(start).getUTCMinutes()];
      for (const m of minutes) {
        if (rule.freq === 'MINUTELY' && m !== new Date(start).getUTCMinutes()) continue;
        for (const s of rule.bySecond) out.push(day + h * hourMs + m * minuteMs + s * 1000);
      }
    }
  }
  return out;
};

const applySetPos = (rule: CompiledRule, list: number[]): number[] => {
  if (!rule.bySetPos) return list;
  const picked = rule.bySetPos
    .map((pos) => list[pos > 0 ? pos - 1 : list.length + pos])
    .filter((v): v is number => v !== undefined);
  return [...new Set(picked)].sort((a, b) => a - b);
};

/**
 * The first occurrence of the rule strictly after `after`, or undefined when COUNT or UNTIL
 * has run out or nothing falls before `limit`. Without COUNT the search starts at the period
 * holding `after`, so far-future queries cost nothing extra. Throws NoOccurrenceWithinBound
 * when nothing fires within 100 years of the search start.
 */
const nextRuleTime = (rule: CompiledRule, after: Date, limit?: Date): Date | undefined => {
  const afterMs = after.getTime();
  const i0 = periodIndex(rule, rule.dtstart);
  const horizon = Math.max(afterMs, rule.dtstart) + searchYears * 366 * dayMs;
  const stop = Math.min(
    horizon,
    rule.until ?? Number.POSITIVE_INFINITY,
    limit?.getTime() ?? Number.POSITIVE_INFINITY,
  );
  let k =
    rule.count === undefined ? Math.max(0, Math.floor((periodIndex(rule, afterMs) - i0) / rule.interval)) : 0;
  let produced = 0;
  for (let n = 0; n < maxPeriods; n++, k++) {
    const [start, end] = periodRange(rule, i0 + k * rule.interval);
    if (start > stop) break;
    const list = applySetPos(rule, candidates(rule, start, end));
    for (const t of list) {
      if (t < rule.dtstart) continue;
      if (t > stop) break;
      produced++;
      if (t > afterMs) return new Date(t);
      if (rule.count !== undefined && produced >= rule.count) return undefined;
    }
    if (
      list.length === 0 &&
      (rule.freq === 'HOURLY' || rule.freq === 'MINUTELY') &&
      !dayMatches(rule, new Date(start))
    ) {
      // Skip the rest of a day the day filters rule out instead of walking it hour by hour.
      const nextDay = (Math.floor(start / dayMs) + 1) * dayMs;
      k = Math.max(k, Math.ceil((periodIndex(rule, nextDay) - i0) / rule.interval) - 1);
    }
  }
  if (stop < horizon) return undefined;
  throw new NoOccurrenceWithinBound(`the rule has no occurrence within ${searchYears} years`);
};

export { type CompiledRule, compileRule, nextRuleTime };
