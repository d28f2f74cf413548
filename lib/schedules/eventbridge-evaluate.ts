import type { CronItem, ParsedCron, ParsedSchedulerExpression } from './eventbridge-grammar.js';

/**
 * When EventBridge Scheduler would next invoke a schedule's target, read from the expression
 * as AWS documents it (UTC, minute precision) — independently of the crontab and RRULE code
 * that produced it, so tests can compare the two. Neither moto nor LocalStack fires schedules;
 * tests "fire" one at the time this says.
 */

const dayMs = 86_400_000;
const searchYears = 100;

const matchesValue = (items: readonly CronItem[], value: number): boolean =>
  items.some((item) => item.kind === 'any' || (item.kind === 'values' && item.values.includes(value)));

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `nW`: the weekday nearest to day n, never leaving the month. */
const nearestWeekday = (year: number, month: number, day: number): number | undefined => {
  const last = daysInMonth(year, month);
  if (day > last) return undefined;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 6) return day > 1 ? day - 1 : day + 2;
  if (weekday === 0) return day < last ? day + 1 : day - 2;
  return day;
};

const matchesDayOfMonth = (items: readonly CronItem[], date: Date): boolean => {
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return items.some((item) => {
    if (item.kind === 'last-day-of-month') return day === daysInMonth(year, month);
    if (item.kind === 'nearest-weekday') return nearestWeekday(year, month, item.day) === day;
    return matchesValue([item], day);
  });
};

const matchesDayOfWeek = (items: readonly CronItem[], date: Date): boolean => {
  const weekday = date.getUTCDay() + 1;
  const day = date.getUTCDate();
  return items.some((item) => {
    if (item.kind === 'nth-weekday') return item.weekday === weekday && Math.ceil(day / 7) === item.nth;
    if (item.kind === 'last-weekday-of-month')
      return item.weekday === weekday && day + 7 > daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
    return matchesValue([item], weekday);
  });
};

const dayMatches = (cron: ParsedCron, date: Date): boolean =>
  matchesValue(cron.year, date.getUTCFullYear()) &&
  matchesValue(cron.month, date.getUTCMonth() + 1) &&
  (cron.dayOfMonth === 'unspecified' || matchesDayOfMonth(cron.dayOfMonth, date)) &&
  (cron.dayOfWeek === 'unspecified' || matchesDayOfWeek(cron.dayOfWeek, date));

const timesOfDay = (cron: ParsedCron): number[] => {
  const times: number[] = [];
  for (let h = 0; h < 24; h++)
    for (let m = 0; m < 60; m++)
      if (matchesValue(cron.hours, h) && matchesValue(cron.minutes, m)) times.push((h * 60 + m) * 60_000);
  return times;
};

const nextCronFire = (cron: ParsedCron, after: Date): Date | undefined => {
  const times = timesOfDay(cron);
  const first = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate());
  for (let day = first; day < first + searchYears * 366 * dayMs; day += dayMs) {
    if (!dayMatches(cron, new Date(day))) continue;
    const time = times.find((t) => day + t > after.getTime());
    if (time !== undefined) return new Date(day + time);
  }
  return undefined;
};

export interface ScheduleWindow {
  /** the schedule's StartDate: nothing fires before it; a rate counts from it */
  readonly startDate?: Date | undefined;
  /** the schedule's EndDate: nothing fires at or after it */
  readonly endDate?: Date | undefined;
}

/**
 * The first time strictly after `after` that the schedule fires, or undefined when it never
 * will. `at()` fires once, at its time, whenever that is after `after`.
 */
export const nextSchedulerFire = (
  parsed: ParsedSchedulerExpression,
  after: Date,
  window: ScheduleWindow = {},
): Date | undefined => {
  const start = window.startDate;
  const from = start && start.getTime() - 1 > after.getTime() ? new Date(start.getTime() - 1) : after;
  let next: Date | undefined;
  if (parsed.kind === 'at') next = parsed.time > after ? parsed.time : undefined;
  else if (parsed.kind === 'cron') next = nextCronFire(parsed, from);
  else {
    const origin = (start ?? after).getTime();
    const periods = Math.floor((from.getTime() - origin) / (parsed.seconds * 1000)) + 1;
    next = new Date(origin + Math.max(periods, 0) * parsed.seconds * 1000);
  }
  if (next && window.endDate && parsed.kind !== 'at' && next >= window.endDate) return undefined;
  return next;
};
