import { describe, expect, it } from 'vitest';
import { parseICalDateTime, parseRRule } from './rrule-parse.js';

describe('parseRRule', () => {
  it("reads Karbor's sample with its trailing semicolon", () => {
    expect(parseRRule('FREQ=WEEKLY;INTERVAL=1;')).toEqual({ freq: 'WEEKLY', interval: 1, wkst: 1 });
  });

  it('reads every supported part', () => {
    const rule = parseRRule(
      'freq=monthly;INTERVAL=2;COUNT=5;BYMONTH=3,1;BYMONTHDAY=-1,1;BYDAY=2TU,-1fr,MO;BYHOUR=4;BYMINUTE=5;BYSECOND=6;BYSETPOS=-1;WKST=SU',
    );
    expect(rule).toEqual({
      freq: 'MONTHLY',
      interval: 2,
      count: 5,
      byMonth: [1, 3],
      byMonthDay: [-1, 1],
      byDay: [{ weekday: 2, nth: 2 }, { weekday: 5, nth: -1 }, { weekday: 1 }],
      byHour: [4],
      byMinute: [5],
      bySecond: [6],
      bySetPos: [-1],
      wkst: 0,
    });
  });

  it('reads UNTIL as a UTC date-time or date', () => {
    expect(parseRRule('FREQ=DAILY;UNTIL=20260102T030405Z').until?.toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect(parseRRule('FREQ=DAILY;UNTIL=20260102').until?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it.each([
    ['INTERVAL=1', /no FREQ/],
    ['FREQ=SECONDLY', /FREQ=SECONDLY is not supported/],
    ['FREQ=FORTNIGHTLY', /not supported/],
    ['FREQ=DAILY;INTERVAL=0', /out of range/],
    ['FREQ=DAILY;COUNT=x', /not an integer/],
    ['FREQ=DAILY;COUNT=2;UNTIL=20260101', /both COUNT and UNTIL/],
    ['FREQ=DAILY;BYMONTH=13', /out of range/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /out of range/],
    ['FREQ=MONTHLY;BYMONTHDAY=-32', /out of range/],
    ['FREQ=DAILY;BYHOUR=24', /out of range/],
    ['FREQ=DAILY;BYSECOND=60', /out of range/],
    ['FREQ=WEEKLY;BYDAY=2TU', /needs FREQ=MONTHLY or FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYDAY=0TU', /out of range/],
    ['FREQ=MONTHLY;BYDAY=XX', /not a weekday/],
    ['FREQ=YEARLY;BYYEARDAY=100', /BYYEARDAY is not supported/],
    ['FREQ=YEARLY;BYWEEKNO=20', /BYWEEKNO is not supported/],
    ['FREQ=YEARLY;FOO=1', /FOO is unknown/],
    ['FREQ=YEARLY;FREQ=DAILY', /appears twice/],
    ['FREQ=DAILY;BYSETPOS=1', /BYSETPOS needs another BYxxx/],
    ['FREQ=DAILY;INTERVAL', /not NAME=VALUE/],
  ])('rejects %s', (text, message) => {
    expect(() => parseRRule(text)).toThrow(message);
  });
});

describe('parseICalDateTime', () => {
  it('rejects an impossible date', () => {
    expect(() => parseICalDateTime('20260230T000000Z', 'DTSTART')).toThrow(/not a valid date-time/);
  });
});
