import { describe, expect, it } from 'vitest';
import { defaultTrigger, describeTrigger, nextRuns, triggerProperties } from './schedule-model.js';

describe('friendly triggers', () => {
  it('become crontabs', () => {
    expect(triggerProperties({ ...defaultTrigger, frequency: 'daily', hour: 2, minute: 30 }).pattern).toBe(
      '30 2 * * *',
    );
    expect(
      triggerProperties({ ...defaultTrigger, frequency: 'weekly', weekday: 1, hour: 3, minute: 0 }).pattern,
    ).toBe('0 3 * * 1');
    expect(
      triggerProperties({ ...defaultTrigger, frequency: 'monthly', dayOfMonth: 15, hour: 0, minute: 5 })
        .pattern,
    ).toBe('5 0 15 * *');
    expect(triggerProperties({ ...defaultTrigger, frequency: 'calendar', pattern: ' X ' })).toMatchObject({
      format: 'calendar',
      pattern: 'X',
    });
  });

  it('read back in words', () => {
    expect(describeTrigger({ format: 'crontab', pattern: '30 2 * * *' })).toBe('Every day at 02:30 UTC');
    expect(describeTrigger({ format: 'crontab', pattern: '0 3 * * 1' })).toBe('Every Monday at 03:00 UTC');
    expect(describeTrigger({ format: 'crontab', pattern: '5 * * * *' })).toBe('Every hour at minute 5');
    expect(describeTrigger({ format: 'crontab', pattern: '5 0 15 * *' })).toBe(
      'On day 15 of every month at 00:05 UTC',
    );
    expect(describeTrigger({ format: 'crontab', pattern: '*/5 1-3 * * *' })).toBe('Crontab: */5 1-3 * * *');
  });
});

describe('nextRuns', () => {
  const now = new Date('2026-11-22T08:00:00Z');

  it('gives the next five fire times from the scheduler’s occurrence code', () => {
    const result = nextRuns({ format: 'crontab', pattern: '30 2 * * *', window: 900 }, now);
    expect('runs' in result && result.runs.map((d) => d.toISOString())).toEqual([
      '2026-11-23T02:30:00.000Z',
      '2026-11-24T02:30:00.000Z',
      '2026-11-25T02:30:00.000Z',
      '2026-11-26T02:30:00.000Z',
      '2026-11-27T02:30:00.000Z',
    ]);
  });

  it('handles calendar rules such as every second Tuesday', () => {
    const pattern = 'BEGIN:VEVENT\nDTSTART:20261101T010000Z\nRRULE:FREQ=MONTHLY;BYDAY=2TU\nEND:VEVENT';
    const result = nextRuns({ format: 'calendar', pattern }, now, 2);
    expect('runs' in result && result.runs.map((d) => d.toISOString())).toEqual([
      '2026-12-08T01:00:00.000Z',
      '2027-01-12T01:00:00.000Z',
    ]);
  });

  it('stops at end_time and reports unreadable patterns', () => {
    const ending = nextRuns(
      {
        format: 'crontab',
        pattern: '0 * * * *',
        start_time: '2026-11-22 00:00:00',
        end_time: '2026-11-22 10:30:00',
      },
      now,
    );
    expect('runs' in ending && ending.runs).toHaveLength(2);
    expect(nextRuns({ format: 'crontab', pattern: 'every day' }, now)).toHaveProperty('error');
  });
});
