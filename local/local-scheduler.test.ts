import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bank } from '../lib/bank/bank.js';
import type { ScheduledOperationRecord, TriggerRecord } from '../lib/bank/records.js';
import { LocalOperationScheduler, processTimers } from './local-scheduler.js';

const operation = {
  id: 'op-1',
  project_id: 'p',
  trigger_id: 't',
  operation_type: 'protect',
} as ScheduledOperationRecord;
const everyMinute = {
  id: 't',
  properties: { format: 'crontab', pattern: '* * * * *', start_time: '2030-01-01 00:00:00', window: '60' },
} as unknown as TriggerRecord;

describe('local scheduler on process timers (npm start)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:30Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('starts the workflow at each occurrence with the occurrence as input, and keeps going', async () => {
    const started: Record<string, unknown>[] = [];
    const orchestrator = {
      start: async (_w: string, _n: string, input: Record<string, unknown>) => void started.push(input),
    };
    const scheduler = new LocalOperationScheduler(
      () => orchestrator,
      () => ({}) as Bank,
    );
    await scheduler.arm(operation, everyMinute);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(started.map((s) => s.occurrence)).toEqual([
      '2030-01-01T00:01:00.000Z',
      '2030-01-01T00:02:00.000Z',
    ]);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(started).toHaveLength(2);
  });

  it('waits past the 24.8-day limit of one setTimeout', async () => {
    const fired: string[] = [];
    const timers = processTimers();
    timers.set('k', new Date('2030-03-01T00:00:00Z'), async () => void fired.push('k'));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(60 * 86_400_000);
    expect(fired).toEqual(['k']);
  });
});
