import { describe, expect, it } from 'vitest';
import { type CronSpec, nextCronTime, parseCrontab } from './crontab.js';

const at = (iso: string): Date => new Date(iso);

const nextN = (spec: CronSpec, from: string, n: number): string[] => {
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    const next = nextCronTime(spec, t);
    if (!next) break;
    out.push(next.toISOString());
    t = next;
  }
  return out;
};

describe('parseCrontab', () => {
  it('expands stars, lists, ranges and steps', () => {
    const spec = parseCrontab('*/15 1-10/3 1,15 * *');
    expect(spec.minute.values).toEqual([0, 15, 30, 45]);
    expect(spec.hour.values).toEqual([1, 4, 7, 10]);
    expect(spec.dayOfMonth).toEqual({ values: [1, 15], restricted: true });
    expect(spec.month.restricted).toBe(false);
  });

  it('reads month and day names in any case', () => {
    const spec = parseCrontab('0 0 * jan-MAR Mon,fri');
    expect(spec.month.values).toEqual([1, 2, 3]);
    expect(spec.dayOfWeek.values).toEqual([1, 5]);
  });

  it('treats 7 as Sunday', () => {
    expect(parseCrontab('0 0 * * 5-7').dayOfWeek.values).toEqual([0, 5, 6]);
  });

  it('reads a single value with a step as running to the end of the range', () => {
    expect(parseCrontab('50/5 * * * *').minute.values).toEqual([50, 55]);
  });

  it('treats a field that lists every value as unrestricted', () => {
    expect(parseCrontab('0 0 * * 0-6').dayOfWeek.restricted).toBe(false);
    expect(parseCrontab('0 0 1-31 * *').dayOfMonth.restricted).toBe(false);
    expect(parseCrontab('0-59 0-23 * 1-12 *').minute.restricted).toBe(false);
  });

  it('keeps a full day field restricted when the other day field has no star, as croniter does', () => {
    expect(parseCrontab('0 0 1 * 0-6').dayOfWeek.restricted).toBe(true);
    expect(parseCrontab('0 0 1-31 * MON').dayOfMonth.restricted).toBe(true);
  });

  it('accepts the @daily style aliases', () => {
    expect(parseCrontab('@hourly')).toEqual(parseCrontab('0 * * * *'));
    expect(parseCrontab('@weekly')).toEqual(parseCrontab('0 0 * * 0'));
  });

  it.each([
    ['0 0 * *', /5 fields/],
    ['0 0 * * * *', /5 fields/],
    ['60 * * * *', /outside 0-59/],
    ['* 24 * * *', /outside 0-23/],
    ['* * 0 * *', /outside 1-31/],
    ['* * * 13 *', /outside 1-12/],
    ['* * * * 8', /outside 0-7/],
    ['5-1 * * * *', /descending/],
    ['*/0 * * * *', /invalid step/],
    ['a * * * *', /not a valid minute/],
    ['0 0 L * *', /L, W, # or \?/],
    ['0 0 ? * MON#2', /L, W, # or \?/],
    ['0 0 15W * *', /L, W, # or \?/],
    ['1,,2 * * * *', /not a valid minute item/],
  ])('rejects %s', (pattern, message) => {
    expect(() => parseCrontab(pattern)).toThrow(message);
  });
});

describe('nextCronTime', () => {
  it('returns the next matching minute strictly after the given time', () => {
    expect(nextN(parseCrontab('*/15 * * * *'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T00:45:00.000Z',
    ]);
  });

  it('skips to the next minute when the given time has seconds', () => {
    expect(nextCronTime(parseCrontab('* * * * *'), at('2026-01-01T10:00:30Z'))?.toISOString()).toBe(
      '2026-01-01T10:01:00.000Z',
    );
  });

  it('rolls over hours, days, months and years', () => {
    expect(nextN(parseCrontab('30 23 31 12 *'), '2026-06-01T00:00:00Z', 2)).toEqual([
      '2026-12-31T23:30:00.000Z',
      '2027-12-31T23:30:00.000Z',
    ]);
  });

  it('skips months without the requested day', () => {
    expect(nextN(parseCrontab('0 0 31 * *'), '2026-01-31T00:00:00Z', 3)).toEqual([
      '2026-03-31T00:00:00.000Z',
      '2026-05-31T00:00:00.000Z',
      '2026-07-31T00:00:00.000Z',
    ]);
  });

  it('fires on weekdays only for MON-FRI', () => {
    // 2026-01-02 is a Friday.
    expect(nextN(parseCrontab('0 9 * * MON-FRI'), '2026-01-02T09:00:00Z', 2)).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
    ]);
  });

  it('matches either day field when both are restricted (Vixie rule)', () => {
    // The 13th of the month or any Friday: 2026-02-06 (Fri), 2026-02-13 (Fri and 13th), 2026-02-20.
    expect(nextN(parseCrontab('0 0 13 * 5'), '2026-02-01T00:00:00Z', 4)).toEqual([
      '2026-02-06T00:00:00.000Z',
      '2026-02-13T00:00:00.000Z',
      '2026-02-20T00:00:00.000Z',
      '2026-02-27T00:00:00.000Z',
    ]);
  });

  it('matches both day fields when only one is restricted by a step from a star', () => {
    // "*/2" in day-of-week expands to Sun, Tue, Thu, Sat: restricted, so with "*" day-of-month it is AND.
    expect(nextN(parseCrontab('0 0 * * */2'), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-03T00:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
    ]);
  });

  it('fires every day when one day field is restricted and the other lists every day', () => {
    expect(nextN(parseCrontab('0 0 15 * 0-6'), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
  });

  it('finds Feb 29 quickly, skipping the non-leap years', () => {
    const started = performance.now();
    expect(nextN(parseCrontab('0 12 29 2 *'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2032-02-29T12:00:00.000Z',
      '2036-02-29T12:00:00.000Z',
    ]);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('returns undefined for a date that never exists', () => {
    expect(nextCronTime(parseCrontab('0 0 30 2 *'), at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
