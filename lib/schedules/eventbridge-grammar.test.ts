import { describe, expect, it } from 'vitest';
import { nextSchedulerFire } from './eventbridge-evaluate.js';
import {
  InvalidSchedulerExpression,
  isSchedulerName,
  parseSchedulerExpression,
} from './eventbridge-grammar.js';

const fire = (expression: string, after: string, window = {}) =>
  nextSchedulerFire(parseSchedulerExpression(expression), new Date(after), window)?.toISOString();

describe('EventBridge Scheduler expression grammar', () => {
  it.each([
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(15 10 ? * 6L 2022-2023)',
    'cron(0 23 L * ? *)',
    'cron(0 0 3W * ? *)',
    'cron(0 0 1 JAN,JUL ? *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 day)',
    'at(2026-12-06T03:00:00)',
  ])('accepts the documented form %s', (expression) => {
    expect(() => parseSchedulerExpression(expression)).not.toThrow();
  });

  it.each([
    ['cron(this is not cron)', 'six fields'],
    ['cron(0 3 ? * 2/2 *)', '"/" is not allowed'],
    ['cron(0 0 ? * 1/2 *)', '"/" is not allowed'],
    ['cron(0 3 * * 2 *)', 'exactly one'],
    ['cron(0 3 ? * ? *)', 'exactly one'],
    ['cron(0 3 * * ?)', 'six fields'],
    ['cron(60 3 * * ? *)', 'not a value'],
    ['cron(0 24 * * ? *)', 'not a value'],
    ['cron(0 3 0 * ? *)', 'not a value'],
    ['cron(0 3 ? * 0 *)', 'not a value'],
    ['cron(0 3 ? * 8 *)', 'not a value'],
    ['cron(0 3 * 13 ? *)', 'not a value'],
    ['cron(0 3 * * ? 1969)', 'not a value'],
    ['cron(0 3 ? * 3#1,6#3 *)', 'stand alone'],
    ['cron(0 3 ? * 3#6 *)', '1-5'],
    ['cron(0 ? * * ? *)', 'only in the day fields'],
    ['cron(0 3 W * ? *)', 'not a value'],
    ['cron(0 3 5-1 * ? *)', 'not a range'],
    ['cron(0 3 * * ? *) ', 'is not cron'],
    ['cron(0  3 * * ? *)', 'six fields'],
    ['cron(*/5 * * * ? *)', 'not a value'],
    ['rate(0 minutes)', 'rate(value unit)'],
    ['rate(1 minutes)', 'singular'],
    ['rate(5 minute)', 'singular'],
    ['rate(5 weeks)', 'rate(value unit)'],
    ['at(2026-02-30T03:00:00)', 'valid'],
    ['at(2026-12-06 03:00:00)', 'valid'],
    ['at(2026-12-06T03:00:00Z)', 'valid'],
    ['every day', 'is not cron'],
    [`cron(${'0,'.repeat(130)}0 * * * ? *)`, '1-256'],
  ])('refuses %s', (expression, why) => {
    expect(() => parseSchedulerExpression(expression)).toThrow(InvalidSchedulerExpression);
    expect(() => parseSchedulerExpression(expression)).toThrow(why);
  });

  it('checks names as CreateSchedule does: 1-64 of [0-9a-zA-Z-_.]', () => {
    expect(isSchedulerName(`karbor-op-${'a'.repeat(36)}`)).toBe(true);
    expect(isSchedulerName('a.b_c-D9')).toBe(true);
    expect(isSchedulerName('x'.repeat(65))).toBe(false);
    expect(isSchedulerName('bad name!')).toBe(false);
    expect(isSchedulerName('')).toBe(false);
  });
});

describe('when EventBridge Scheduler fires an expression', () => {
  it('fires a cron at its next matching minute, strictly after the given time', () => {
    expect(fire('cron(0 3 * * ? *)', '2026-12-06T03:00:00Z')).toBe('2026-12-07T03:00:00.000Z');
    expect(fire('cron(0 3 * * ? *)', '2026-12-06T02:59:00Z')).toBe('2026-12-06T03:00:00.000Z');
    expect(fire('cron(0/20 * ? * 2,4,6 *)', '2026-12-06T10:00:00Z')).toBe('2026-12-07T00:00:00.000Z');
  });

  it('reads L, W and # as documented', () => {
    expect(fire('cron(0 0 L * ? *)', '2028-02-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd; 2026-05-31 is a Sunday: 31W is Friday the 29th
    expect(fire('cron(0 0 1W * ? *)', '2026-07-31T00:00:00Z')).toBe('2026-08-03T00:00:00.000Z');
    expect(fire('cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
    expect(fire('cron(0 9 ? * 3#2 *)', '2026-12-01T00:00:00Z')).toBe('2026-12-08T09:00:00.000Z');
    expect(fire('cron(15 10 ? * 6L *)', '2026-12-01T00:00:00Z')).toBe('2026-12-25T10:15:00.000Z');
  });

  it('honours StartDate and an exclusive EndDate', () => {
    const window = { startDate: new Date('2026-12-10T00:00:00Z'), endDate: new Date('2026-12-11T03:00:00Z') };
    expect(fire('cron(0 3 * * ? *)', '2026-12-06T00:00:00Z', window)).toBe('2026-12-10T03:00:00.000Z');
    expect(fire('cron(0 3 * * ? *)', '2026-12-10T03:00:00Z', window)).toBeUndefined();
  });

  it('fires at() once and a rate every period from its start', () => {
    expect(fire('at(2026-12-06T03:00:00)', '2026-12-06T02:00:00Z')).toBe('2026-12-06T03:00:00.000Z');
    expect(fire('at(2026-12-06T03:00:00)', '2026-12-06T03:00:00Z')).toBeUndefined();
    const startDate = new Date('2026-12-06T00:00:00Z');
    expect(fire('rate(5 minutes)', '2026-12-06T00:07:00Z', { startDate })).toBe('2026-12-06T00:10:00.000Z');
  });
});
