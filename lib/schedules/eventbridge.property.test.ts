import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCrontab } from './crontab.js';
import { NoOccurrenceWithinBound } from './errors.js';
import { toEventBridgeCron, toSchedulerExpression } from './eventbridge.js';
import { nextSchedulerFire } from './eventbridge-evaluate.js';
import { parseSchedulerExpression } from './eventbridge-grammar.js';
import { compileSchedule, nextOccurrence } from './schedule.js';

/** What EventBridge would make of an expression: AWS's grammar, then its documented semantics. */
const eventBridgeEvaluator = (expression: string) => {
  const parsed = parseSchedulerExpression(expression);
  return (after: Date): Date | undefined => nextSchedulerFire(parsed, after);
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

/** Both day fields as any crontab may have them, restricted or not. */
const anyDays = fc.tuple(field(1, 31), field(0, 7, dayNames));

const crontab = fc
  .tuple(field(0, 59), field(0, 23), days, field(1, 12, monthNames, 1))
  .map(([minute, hour, [dom, dow], month]) => `${minute} ${hour} ${dom} ${month} ${dow}`);

const anyCrontab = fc
  .tuple(field(0, 59), field(0, 23), anyDays, field(1, 12, monthNames, 1))
  .map(([minute, hour, [dom, dow], month]) => `${minute} ${hour} ${dom} ${month} ${dow}`);

const list = <T>(values: fc.Arbitrary<T>, max = 3) =>
  fc.uniqueArray(values, { minLength: 1, maxLength: max }).map((v) => v.join(','));

const weekday = fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');

/** An RRULE of the kind Karbor's calendar triggers carry, with or without COUNT and UNTIL. */
const rrule = fc
  .record(
    {
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      interval: fc.integer({ min: 1, max: 4 }),
      byHour: list(fc.integer({ min: 0, max: 23 })),
      byMinute: list(fc.integer({ min: 0, max: 59 }), 2),
      byDay: list(
        fc.integer({ min: 0, max: 6 }).map((i) => ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][i] ?? 'MO'),
      ),
      byMonthDay: list(fc.integer({ min: 1, max: 28 })),
      nthDay: fc.tuple(fc.constantFrom(1, 2, 3, -1), weekday).map(([n, d]) => `${n}${d}`),
      count: fc.integer({ min: 1, max: 30 }),
      until: fc.date({
        min: new Date('2001-01-01T00:00:00Z'),
        max: new Date('2099-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
    },
    { requiredKeys: ['freq', 'byHour', 'byMinute'] },
  )
  .map((r) => {
    const parts = [`FREQ=${r.freq}`, `BYHOUR=${r.byHour}`, `BYMINUTE=${r.byMinute}`];
    if (r.interval) parts.push(`INTERVAL=${r.interval}`);
    if (r.freq === 'MONTHLY' && r.nthDay) parts.push(`BYDAY=${r.nthDay}`);
    else if (r.byDay) parts.push(`BYDAY=${r.byDay}`);
    if (r.byMonthDay && r.freq !== 'WEEKLY' && !r.nthDay) parts.push(`BYMONTHDAY=${r.byMonthDay}`);
    if (r.count) parts.push(`COUNT=${r.count}`);
    else if (r.until) parts.push(`UNTIL=${r.until.toISOString().replace(/[-:]|\.\d+/g, '')}`);
    return `BEGIN:VEVENT\nRRULE:${parts.join(';')}\nEND:VEVENT`;
  });

const throwsNoOccurrence = (run: () => unknown): boolean => {
  try {
    run();
    return false;
  } catch (error) {
    if (error instanceof NoOccurrenceWithinBound) return true;
    throw error;
  }
};

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
        const selectsNothing = [spec.minute, spec.hour, spec.dayOfMonth, spec.month, spec.dayOfWeek].some(
          (f) => f.restricted && f.values.length === 0,
        );
        if (expression === undefined)
          return (spec.dayOfMonth.restricted && spec.dayOfWeek.restricted) || selectsNothing;
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

  it("emits only expressions that pass EventBridge's grammar, firing at the next occurrence", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyCrontab.map((p) => ['crontab', p] as const),
          rrule.map((p) => ['calendar', p] as const),
        ),
        instant,
        ([format, pattern], now) => {
          const schedule = compileSchedule({
            format,
            pattern,
            startTime: new Date('2000-01-01T00:00:00Z'),
            window: 900,
          });
          // a pattern with no occurrence within 100 years is refused when the trigger is made
          fc.pre(!throwsNoOccurrence(() => nextOccurrence(schedule, now)));
          const timing = toSchedulerExpression(schedule, now);
          const next = nextOccurrence(schedule, now);
          if (timing.kind === 'exhausted') return next === undefined;
          const fires = nextSchedulerFire(
            parseSchedulerExpression(timing.expression),
            now,
            timing.kind === 'cron' ? timing : {},
          );
          expect(fires?.toISOString(), `${pattern} -> ${timing.expression}`).toBe(next?.toISOString());
          return true;
        },
      ),
      { numRuns: 400 },
    );
  });
});
