import { describe, expect, it } from 'vitest';
import { NoOccurrenceWithinBound } from './errors.js';
import { compileRule, nextRuleTime } from './rrule.js';
import { parseRRule } from './rrule-parse.js';

/** The first `n` occurrences of an RRULE anchored at `dtstart`, as ISO strings without millis. */
const first = (
  rrule: string,
  dtstart: string,
  n: number,
  after = new Date(new Date(dtstart).getTime() - 1000),
) => {
  const rule = compileRule(parseRRule(rrule), new Date(dtstart));
  const out: string[] = [];
  let t: Date | undefined = after;
  while (out.length < n) {
    t = nextRuleTime(rule, t);
    if (!t) break;
    out.push(t.toISOString().replace('.000Z', 'Z'));
  }
  return out;
};

// Expected values are the RFC 5545 §3.8.5.3 examples (dates as python-dateutil yields them, in UTC).
describe('nextRuleTime with RFC 5545 examples', () => {
  it('repeats daily for a count', () => {
    expect(first('FREQ=DAILY;COUNT=3', '1997-09-02T09:00:00Z', 5)).toEqual([
      '1997-09-02T09:00:00Z',
      '1997-09-03T09:00:00Z',
      '1997-09-04T09:00:00Z',
    ]);
  });

  it('stops at UNTIL, inclusive', () => {
    expect(first('FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z', '1997-09-02T09:00:00Z', 5)).toEqual([
      '1997-09-02T09:00:00Z',
      '1997-09-02T12:00:00Z',
      '1997-09-02T15:00:00Z',
    ]);
  });

  it('honours WKST for every other week on Tuesday and Sunday', () => {
    expect(first('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', '1997-08-05T09:00:00Z', 5)).toEqual([
      '1997-08-05T09:00:00Z',
      '1997-08-10T09:00:00Z',
      '1997-08-19T09:00:00Z',
      '1997-08-24T09:00:00Z',
    ]);
    expect(first('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', '1997-08-05T09:00:00Z', 5)).toEqual([
      '1997-08-05T09:00:00Z',
      '1997-08-17T09:00:00Z',
      '1997-08-19T09:00:00Z',
      '1997-08-31T09:00:00Z',
    ]);
  });

  it('finds the first Friday of each month', () => {
    expect(first('FREQ=MONTHLY;COUNT=10;BYDAY=1FR', '1997-09-05T09:00:00Z', 5)).toEqual([
      '1997-09-05T09:00:00Z',
      '1997-10-03T09:00:00Z',
      '1997-11-07T09:00:00Z',
      '1997-12-05T09:00:00Z',
      '1998-01-02T09:00:00Z',
    ]);
  });

  it('finds the second Tuesday and the last Friday of each month', () => {
    expect(first('FREQ=MONTHLY;BYDAY=2TU', '2026-01-01T02:00:00Z', 3)).toEqual([
      '2026-01-13T02:00:00Z',
      '2026-02-10T02:00:00Z',
      '2026-03-10T02:00:00Z',
    ]);
    expect(first('FREQ=MONTHLY;BYDAY=-1FR', '2026-01-01T02:00:00Z', 3)).toEqual([
      '2026-01-30T02:00:00Z',
      '2026-02-27T02:00:00Z',
      '2026-03-27T02:00:00Z',
    ]);
  });

  it('counts negative month days from the end of the month', () => {
    expect(first('FREQ=MONTHLY;BYMONTHDAY=-3', '1997-09-28T09:00:00Z', 4)).toEqual([
      '1997-09-28T09:00:00Z',
      '1997-10-29T09:00:00Z',
      '1997-11-28T09:00:00Z',
      '1997-12-29T09:00:00Z',
    ]);
  });

  it('intersects BYDAY and BYMONTHDAY for Friday the 13th', () => {
    expect(first('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '1997-09-02T09:00:00Z', 5)).toEqual([
      '1998-02-13T09:00:00Z',
      '1998-03-13T09:00:00Z',
      '1998-11-13T09:00:00Z',
      '1999-08-13T09:00:00Z',
      '2000-10-13T09:00:00Z',
    ]);
  });

  it('computes US election day every four years', () => {
    expect(
      first('FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8', '1996-11-05T09:00:00Z', 3),
    ).toEqual(['1996-11-05T09:00:00Z', '2000-11-07T09:00:00Z', '2004-11-02T09:00:00Z']);
  });

  it('counts yearly ordinals within the year without BYMONTH', () => {
    expect(first('FREQ=YEARLY;BYDAY=20MO', '1997-05-19T09:00:00Z', 3)).toEqual([
      '1997-05-19T09:00:00Z',
      '1998-05-18T09:00:00Z',
      '1999-05-17T09:00:00Z',
    ]);
  });

  it('counts yearly ordinals within the month when BYMONTH is given', () => {
    // Thanksgiving: fourth Thursday of November.
    expect(first('FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-11-26T00:00:00Z',
      '2027-11-25T00:00:00Z',
    ]);
  });

  it('selects with BYSETPOS', () => {
    expect(first('FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3', '1997-09-04T09:00:00Z', 5)).toEqual([
      '1997-09-04T09:00:00Z',
      '1997-10-07T09:00:00Z',
      '1997-11-06T09:00:00Z',
    ]);
    // The last work day of the month.
    expect(first('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-01-01T18:00:00Z', 3)).toEqual([
      '2026-01-30T18:00:00Z',
      '2026-02-27T18:00:00Z',
      '2026-03-31T18:00:00Z',
    ]);
  });

  it('expands BYHOUR and BYMINUTE within a day', () => {
    expect(first('FREQ=DAILY;BYHOUR=9,16;BYMINUTE=0,40', '1997-09-02T09:00:00Z', 5)).toEqual([
      '1997-09-02T09:00:00Z',
      '1997-09-02T09:40:00Z',
      '1997-09-02T16:00:00Z',
      '1997-09-02T16:40:00Z',
      '1997-09-03T09:00:00Z',
    ]);
  });

  it('repeats every 15 minutes', () => {
    expect(first('FREQ=MINUTELY;INTERVAL=15;COUNT=3', '1997-09-02T09:00:00Z', 5)).toEqual([
      '1997-09-02T09:00:00Z',
      '1997-09-02T09:15:00Z',
      '1997-09-02T09:30:00Z',
    ]);
  });
});

describe('nextRuleTime defaults and bounds', () => {
  it('keeps the seconds of DTSTART, as dateutil does', () => {
    expect(first('FREQ=DAILY', '2026-01-01T10:20:30Z', 2)).toEqual([
      '2026-01-01T10:20:30Z',
      '2026-01-02T10:20:30Z',
    ]);
  });

  it('skips months without the 31st for a monthly rule started on the 31st', () => {
    expect(first('FREQ=MONTHLY', '2026-01-31T00:00:00Z', 3)).toEqual([
      '2026-01-31T00:00:00Z',
      '2026-03-31T00:00:00Z',
      '2026-05-31T00:00:00Z',
    ]);
  });

  it('skips non-leap years for a yearly rule started on Feb 29', () => {
    expect(first('FREQ=YEARLY', '2024-02-29T00:00:00Z', 2)).toEqual([
      '2024-02-29T00:00:00Z',
      '2028-02-29T00:00:00Z',
    ]);
  });

  it('answers far in the future without walking from DTSTART', () => {
    const started = performance.now();
    const [next] = first(
      'FREQ=MINUTELY;INTERVAL=90',
      '2026-01-01T00:00:00Z',
      1,
      new Date('2426-01-01T00:00:00Z'),
    );
    expect(next).toBe('2426-01-01T01:30:00Z');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('skips whole days that hourly rules rule out', () => {
    const started = performance.now();
    expect(first('FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=3', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T03:00:00Z',
      '2032-02-29T03:00:00Z',
    ]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('returns undefined once COUNT is used up', () => {
    const rule = compileRule(parseRRule('FREQ=DAILY;COUNT=2'), new Date('2026-01-01T00:00:00Z'));
    expect(nextRuleTime(rule, new Date('2026-01-02T00:00:00Z'))).toBeUndefined();
  });

  it('returns undefined when nothing falls before the limit', () => {
    const rule = compileRule(parseRRule('FREQ=YEARLY'), new Date('2026-01-01T00:00:00Z'));
    expect(
      nextRuleTime(rule, new Date('2026-06-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z')),
    ).toBeUndefined();
  });

  it('fails clearly for a rule that never fires', () => {
    const rule = compileRule(
      parseRRule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(() => nextRuleTime(rule, new Date('2026-01-01T00:00:00Z'))).toThrow(NoOccurrenceWithinBound);
  });
});
