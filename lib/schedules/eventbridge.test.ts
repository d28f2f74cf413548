import { describe, expect, it } from 'vitest';
import { parseCrontab } from './crontab.js';
import { toEventBridgeCron, toSchedulerExpression } from './eventbridge.js';
import { compileSchedule, type ScheduleInit } from './schedule.js';

const now = new Date('2026-01-01T12:00:00Z');
const schedule = (init: Partial<ScheduleInit> & Pick<ScheduleInit, 'format' | 'pattern'>) =>
  compileSchedule({ startTime: new Date('2026-01-01T00:00:00Z'), window: 900, ...init });

describe('toEventBridgeCron', () => {
  it.each([
    ['0 2 * * *', 'cron(0 2 * * ? *)'],
    ['*/15 * * * *', 'cron(0/15 * * * ? *)'],
    ['5 0-12/4 * * *', 'cron(5 0,4,8,12 * * ? *)'],
    ['30 1 1,15 * *', 'cron(30 1 1,15 * ? *)'],
    ['0 0 28-31 * *', 'cron(0 0 28-31 * ? *)'],
    ['0 9 * * MON-FRI', 'cron(0 9 ? * 2-6 *)'],
    ['0 9 * * 0,7', 'cron(0 9 ? * 1 *)'],
    ['0 9 * * SAT,SUN', 'cron(0 9 ? * 1,7 *)'],
    ['0 0 * JAN,JUL *', 'cron(0 0 * 1,7 ? *)'],
    ['0 0 1 */3 *', 'cron(0 0 1 1/3 ? *)'],
    ['@weekly', 'cron(0 0 ? * 1 *)'],
    ['0 0 * * */2', 'cron(0 0 ? * 1,3,5,7 *)'],
    ['0 3 * * 1,3,5', 'cron(0 3 ? * 2,4,6 *)'],
    ['0 3 * * 0,3,6', 'cron(0 3 ? * 1,4,7 *)'],
  ])('maps %s to %s', (pattern, expected) => {
    expect(toEventBridgeCron(parseCrontab(pattern))).toBe(expected);
  });

  it('refuses a pattern that needs the either-or day rule', () => {
    expect(toEventBridgeCron(parseCrontab('0 0 13 * FRI'))).toBeUndefined();
  });

  it("keeps the longest expression a crontab can produce within EventBridge's 256 characters", () => {
    const alternate = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => from + i)
        .filter((v) => (v - from) % 2 === 0 && v < to - 1)
        .concat(to)
        .join(',');
    const pattern = `${alternate(0, 59)} ${alternate(10, 23)} ${alternate(10, 31)} ${alternate(1, 12)} *`;
    expect(toEventBridgeCron(parseCrontab(pattern))?.length).toBeLessThan(256);
  });
});

describe('toSchedulerExpression', () => {
  it('maps a fitting crontab to a recurring cron schedule with the window as the event age', () => {
    const s = schedule({
      format: 'crontab',
      pattern: '0 2 * * *',
      startTime: new Date('2026-02-01T00:00:00Z'),
      endTime: new Date('2026-03-01T02:00:00Z'),
      window: 1800,
    });
    expect(toSchedulerExpression(s, now)).toEqual({
      kind: 'cron',
      expression: 'cron(0 2 * * ? *)',
      startDate: new Date('2026-02-01T00:00:00Z'),
      endDate: new Date('2026-03-01T02:00:01Z'),
      flexibleTimeWindow: { mode: 'OFF' },
      maximumEventAgeSeconds: 1800,
      windowSeconds: 1800,
    });
  });

  it('leaves out a start date that has already passed', () => {
    expect(
      toSchedulerExpression(schedule({ format: 'crontab', pattern: '0 2 * * *' }), now),
    ).not.toHaveProperty('startDate');
  });

  it('raises a devstack window below a minute to the 60 s EventBridge minimum event age', () => {
    const result = toSchedulerExpression(
      schedule({ format: 'crontab', pattern: '* * * * *', window: 20 }),
      now,
    );
    expect(result).toMatchObject({ maximumEventAgeSeconds: 60, windowSeconds: 20 });
  });

  it('arms a one-time schedule for the next occurrence of a crontab that needs the either-or rule', () => {
    expect(
      toSchedulerExpression(schedule({ format: 'crontab', pattern: '0 0 13 * FRI' }), now),
    ).toMatchObject({
      kind: 'at',
      expression: 'at(2026-01-02T00:00:00)',
      occurrence: new Date('2026-01-02T00:00:00Z'),
    });
  });

  it('arms a one-time schedule for a calendar rule such as every 2nd Tuesday', () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\nRRULE:FREQ=MONTHLY;BYDAY=2TU;BYHOUR=3\nEND:VEVENT',
    });
    expect(toSchedulerExpression(s, now)).toEqual({
      kind: 'at',
      expression: 'at(2026-01-13T03:00:00)',
      occurrence: new Date('2026-01-13T03:00:00Z'),
      flexibleTimeWindow: { mode: 'OFF' },
      maximumEventAgeSeconds: 900,
      windowSeconds: 900,
    });
  });

  it('re-arms after the occurrence that just fired even if the run ended before it', () => {
    const s = schedule({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\nRRULE:FREQ=DAILY;BYHOUR=3\nEND:VEVENT',
    });
    const fired = new Date('2026-01-13T03:00:00Z');
    const earlyClock = new Date('2026-01-13T02:59:59Z');
    expect(toSchedulerExpression(s, earlyClock, fired)).toMatchObject({
      expression: 'at(2026-01-14T03:00:00)',
    });
  });

  it('reports an exhausted schedule', () => {
    const s = schedule({ format: 'calendar', pattern: 'BEGIN:VEVENT\nRRULE:FREQ=DAILY;COUNT=1\nEND:VEVENT' });
    expect(toSchedulerExpression(s, now)).toEqual({ kind: 'exhausted' });
    const ended = schedule({
      format: 'crontab',
      pattern: '0 2 * * *',
      endTime: new Date('2026-01-01T06:00:00Z'),
    });
    expect(toSchedulerExpression(ended, now)).toEqual({ kind: 'exhausted' });
  });
});
