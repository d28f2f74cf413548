import { describe, expect, it } from 'vitest';
import { gcExecutionName, LocalDailyGc, nextDailyRun } from './local-gc.js';

describe('local daily gc', () => {
  it('runs at the next hh:30 UTC, today if it is still ahead, else tomorrow', () => {
    expect(nextDailyRun(new Date('2026-03-01T01:00:00Z'), 3).toISOString()).toBe('2026-03-01T03:30:00.000Z');
    expect(nextDailyRun(new Date('2026-03-01T03:30:00Z'), 3).toISOString()).toBe('2026-03-02T03:30:00.000Z');
    expect(nextDailyRun(new Date('2026-12-31T23:59:00Z'), 3).toISOString()).toBe('2027-01-01T03:30:00.000Z');
  });

  it('names executions with characters Step Functions and the job keys accept', () => {
    expect(gcExecutionName(new Date('2026-03-01T03:30:00.000Z'))).toMatch(/^gc-[0-9TZ-]+$/);
  });

  it('arms a timer for the next run and stops it', () => {
    const gc = new LocalDailyGc({ start: async () => undefined }, 4);
    expect(gc.start(new Date('2026-03-01T05:00:00Z')).toISOString()).toBe('2026-03-02T04:30:00.000Z');
    gc.stop();
  });
});
