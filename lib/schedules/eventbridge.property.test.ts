import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCrontab } from './crontab.js';
import { toEventBridgeCron } from './eventbridge.js';

/**
 * A small, independent evaluator of EventBridge cron expressions as AWS documents them:
 * `cron(minutes hours day-of-month month day-of-week year)`, `*`, `?`, lists, ranges and
 * `a/s`; day-of-week 1-7 = SUN-SAT; a day matches when month, day-of-month and day-of-week
 * all match (`?` matches anything). It walks day by day, then through the day's times.
 */
const eventBridgeEvaluator = (expression: string) => {
  const body = /^cron\((.*)\)$/.exec(expression)?.[1];
  if (!body) throw new Error(`not a cron expression: ${expression}`);
  const [minutes, hours, doms, months, dows, years] = body.split(' ').map((field, index) => {
    const [min, max] = (
      [
        [0, 59],
        [0, 23],
        [1, 31],
        [1, 12],
        [1, 7],
        [1970, 2199],
      ] as const
    )[index] ?? [0, 0];
    if (field === '*' || field === '?') return (v: number) => v >= min && v <= max;
    const allowed = new Set<number>();
    for (const item of field.split(',')) {
      const [range = '', step] = item.split('/');
      const [a = '', b] = range.split('-');
      const low = Number(a);
      const high = step !== undefined ? max : b !== undefined ? Number(b) : low;
      for (let v = low; v <= high; v += step ? Number(step) : 1) allowed.add(v);
    }
    return (v: number) => allowed.has(v);
  }) as [(v: number) => boolean, ...((v: number) => boolean)[]];
  const times: [number, number][] = [];
  for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) if (hours?.(h) && minutes(m)) times.push([h, m]);

  return (after: Date): Date | undefined => {
    const start = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate());
    for (let day = start; day < start + 100 * 366 * 86_400_000; day += 86_400_000) {
      const d = new Date(day);
      const dayOk =
        years?.(d.getUTCFullYear()) &&
        months?.(d.getUTCMonth() + 1) &&
        doms?.(d.getUTCDate()) &&
        dows?.(d.getUTCDay() + 1);
      if (!dayOk) continue;
      for (const [h, m] of times) {
        const t = day + h * 3_600_000 + m * 60_000;
        if (t > after.getTime()) return new Date(t);
      }
    }
    return undefined;
  };
};

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** One cron field in any croniter form: *, a, a-b, lists, steps; names where allowed. */
const field = (min: number, max: number, names: string[] = [], nameBase = 0) => {
  const value = fc.integer({ min, max });
  const named = names.length
    ? fc.oneof(
        value.map(String),
        fc.integer({ min: 0, max: names.length - 1 }).map((i) => names[i] ?? ''),
      )
    : value.map(String);
  const range = fc
    .tuple(value, value)
    .map(([a, b]) => (a <= b ? [a, b] : [b, a]))
    .map(([a, b]) => (names.length && a === b ? `${names[(a ?? 0) - nameBase] ?? a}` : `${a}-${b}`));
  const step = fc.integer({ min: 1, max: Math.max(1, Math.ceil((max - min) / 2)) });
  const item = fc.oneof(
    named,
    range,
    step.map((s) => `*/${s}`),
    fc.tuple(range, step).map(([r, s]) => (r.includes('-') ? `${r}/${s}` : r)),
    fc.tuple(value, step).map(([a, s]) => `${a}/${s}`),
  );
  return fc.oneof(
    { arbitrary: fc.constant('*'), weight: 3 },
    { arbitrary: item, weight: 3 },
    { arbitrary: fc.array(item, { minLength: 2, maxLength: 4 }).map((items) => items.join(',')), weight: 2 },
  );
};

const days = fc.oneof(
  field(1, 31).map((dom) => [dom, '*'] as const),
  field(0, 7, dayNames).map((dow) => ['*', dow] as const),
);

const crontab = fc
  .tuple(field(0, 59), field(0, 23), days, field(1, 12, monthNames, 1))
  .map(([minute, hour, [dom, dow], month]) => `${minute} ${hour} ${dom} ${month} ${dow}`);

const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2090-12-31T23:59:59Z'),
  noInvalidDate: true,
});

describe('EventBridge cron mapping (property)', () => {
  it('fires at the same 20 times as the crontab it came from', () => {
    fc.assert(
      fc.property(crontab, instant, (pattern, after) => {
        const spec = parseCrontab(pattern);
        const expression = toEventBridgeCron(spec);
        if (expression === undefined) return spec.dayOfMonth.restricted && spec.dayOfWeek.restricted;
        const evaluate = eventBridgeEvaluator(expression);
        let ours: Date | undefined = after;
        let theirs: Date | undefined = after;
        for (let i = 0; i < 20 && ours && theirs; i++) {
          ours = nextCronTime(spec, ours);
          theirs = evaluate(theirs);
          expect(theirs?.toISOString(), `${pattern} -> ${expression}, run ${i}`).toBe(ours?.toISOString());
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('never maps a crontab that restricts both day fields', () => {
    fc.assert(
      fc.property(field(1, 31), field(0, 7, dayNames), (dom, dow) => {
        const spec = parseCrontab(`0 0 ${dom} * ${dow}`);
        fc.pre(spec.dayOfMonth.restricted && spec.dayOfWeek.restricted);
        expect(toEventBridgeCron(spec)).toBeUndefined();
      }),
    );
  });
});
