import { describe, expect, it } from 'vitest';
import { NoOccurrenceWithinBound } from './errors.js';
import {
  compileSchedule,
  isWithinWindow,
  nextOccurrence,
  nextOccurrences,
  type ScheduleInit,
} from './schedule.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace('.000Z', 'Z'));
const schedule = (init: Partial<ScheduleInit> & Pick<ScheduleInit, 'format' | 'pattern'>) =>
  compileSchedule({ startTime: new Date('2026-01-01T00:00:00Z'), window: 900, ...init });

describe('nextOccurrences', () => {
  it('lists the next five runs of a crontab, strictly after the given time', () => {
    const s = schedule({ format: 'crontab', pattern: '0 */6 * * *' });
    expect(iso(nextOccurrences(s, new Date('2026-03-01T06:00:00Z'), 5))).toEqual([
      '2026-03-01T12:00:00Z',
      '2026-03-01T18:00:00Z',
      '2026-03-02T00:00:00Z',
      '2026-03-02T06:00:00Z',
      '2026-03-02T12:00:00Z',
    ]);
  });

  it('never returns a crontab occurrence before start_time, but may return start_time itself', () => {
    const s = schedule({
      format: 'crontab',
      pattern: '0 * * * *',
      startTime: new Date('2026-05-01T10:00:00Z'),
    });
    expect(iso(nextOccurrences(s, new Date('2026-01-01T00:00:00Z'), 2))).toEqual([
      '2026-05-01T10:00:00Z',
      '2026-05-01T11:00:00Z',
    ]);
  });

  it('stops at end_time, inclusive', () => {
    const s = schedule({
      format: 'crontab',
      pattern: '0 0 * * *',
      endTime: new Date('2026-01-03T00:00:00Z'),
    });
    expect(iso(nextOccurrences(s, new Date('2026-01-01T00:00:00Z'), 5))).toEqual([
      '2026-01-02T00:00:00Z',
      '2026-01-03T00:00:00Z',
    ]);
    expect(nextOccurrence(s, new Date('2026-01-03T00:00:00Z'))).toBeUndefined();
  });

  it("anchors a calendar rule at start_time, keeping its seconds, like Karbor's rrulestr(dtstart=start_time)", () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\\nRRULE:FREQ=WEEKLY;INTERVAL=1;\\nEND:VEVENT',
      startTime: new Date('2026-01-06T02:03:04Z'),
    });
    expect(iso(nextOccurrences(s, new Date('2026-01-01T00:00:00Z'), 3))).toEqual([
      '2026-01-06T02:03:04Z',
      '2026-01-13T02:03:04Z',
      '2026-01-20T02:03:04Z',
    ]);
  });

  it("anchors a calendar rule at the VEVENT's DTSTART when it has one, still never before start_time", () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\nDTSTART:20250101T020000Z\nRRULE:FREQ=MONTHLY;BYDAY=2TU\nEND:VEVENT',
      startTime: new Date('2026-01-15T00:00:00Z'),
    });
    expect(iso(nextOccurrences(s, new Date('2020-01-01T00:00:00Z'), 2))).toEqual([
      '2026-02-10T02:00:00Z',
      '2026-03-10T02:00:00Z',
    ]);
  });

  it('merges several RRULEs in time order without duplicates', () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\nRRULE:FREQ=WEEKLY;BYDAY=MO\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\nEND:VEVENT',
    });
    expect(iso(nextOccurrences(s, new Date('2026-01-01T00:00:00Z'), 3))).toEqual([
      '2026-01-05T00:00:00Z',
      '2026-01-07T00:00:00Z',
      '2026-01-12T00:00:00Z',
    ]);
  });

  it('returns fewer occurrences when COUNT runs out', () => {
    const s = schedule({ format: 'calendar', pattern: 'BEGIN:VEVENT\nRRULE:FREQ=DAILY;COUNT=2\nEND:VEVENT' });
    expect(nextOccurrences(s, new Date('2025-01-01T00:00:00Z'), 5)).toHaveLength(2);
  });

  it('answers a yearly Feb 29 rule quickly', () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\nEND:VEVENT',
    });
    const started = performance.now();
    expect(iso(nextOccurrences(s, new Date('2026-01-01T00:00:00Z'), 5))).toEqual([
      '2028-02-29T00:00:00Z',
      '2032-02-29T00:00:00Z',
      '2036-02-29T00:00:00Z',
      '2040-02-29T00:00:00Z',
      '2044-02-29T00:00:00Z',
    ]);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('fails clearly for an unbounded crontab that never fires', () => {
    const s = schedule({ format: 'crontab', pattern: '0 0 31 4 *' });
    expect(() => nextOccurrence(s, new Date('2026-01-01T00:00:00Z'))).toThrow(NoOccurrenceWithinBound);
  });
});

describe('isWithinWindow', () => {
  it('lets a run start until the occurrence plus the window, inclusive', () => {
    const s = schedule({ format: 'crontab', pattern: '0 * * * *', window: 900 });
    const occurrence = new Date('2026-01-01T10:00:00Z');
    expect(isWithinWindow(s, occurrence, new Date('2026-01-01T10:15:00Z'))).toBe(true);
    expect(isWithinWindow(s, occurrence, new Date('2026-01-01T10:15:01Z'))).toBe(false);
  });
});
