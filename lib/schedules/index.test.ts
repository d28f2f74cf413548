import { describe, expect, it } from 'vitest';
import {
  nextOccurrences,
  parseTriggerProperties,
  scheduleFromProperties,
  testLimits,
  toSchedulerExpression,
} from './index.js';

describe('schedules public API', () => {
  it('gives the scheduler and the console the same times for a stored trigger', () => {
    const now = new Date('2026-01-01T00:00:30Z');
    const { properties } = parseTriggerProperties(
      {
        format: 'calendar',
        pattern: 'BEGIN:VEVENT\\nRRULE:FREQ=MINUTELY;INTERVAL=5;\\nEND:VEVENT',
        window: 25,
      },
      testLimits,
      now,
    );
    const schedule = scheduleFromProperties(properties);
    const [first, second] = nextOccurrences(schedule, now, 2);
    expect(first?.toISOString()).toBe('2026-01-01T00:05:30.000Z');
    expect(toSchedulerExpression(schedule, now)).toMatchObject({ kind: 'at', occurrence: first });
    expect(toSchedulerExpression(schedule, now, first)).toMatchObject({ kind: 'at', occurrence: second });
  });
});
