import { describe, expect, it } from 'vitest';
import type { ResourceRun } from './resource-runs.js';
import { failureReasons, runProgress, runTotals } from './run-summary.js';

const run = (
  key: string,
  status: ResourceRun['status'],
  progress?: Partial<NonNullable<ResourceRun['progress']>>,
  reason?: string,
): ResourceRun => ({
  project_id: 'p',
  run_id: 'r',
  kind: 'protect',
  resource_key: key,
  resource: { type: key.split('#')[0] as string, id: key.split('#')[1] as string, name: key },
  status,
  step: 'x',
  data: {},
  temporaries: [],
  ...(progress
    ? {
        progress: {
          phase: 'running',
          bytesTotal: 0,
          bytesRead: 0,
          bytesStored: 0,
          bytesSkipped: 0,
          elapsedSeconds: 0,
          ...progress,
        },
      }
    : {}),
  ...(reason ? { reason } : {}),
  started_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

describe('run summary', () => {
  it('counts a running mover by the bytes it has read or skipped', () => {
    const runs = [
      run('A#1', 'available'),
      run('B#2', 'running', { bytesTotal: 100, bytesRead: 30, bytesSkipped: 20 }),
    ];
    expect(runProgress(runs, 4)).toEqual({
      percent: 37,
      resources_total: 4,
      resources_done: 1,
      bytes_total: 100,
      bytes_done: 50,
    });
  });

  it('reaches 100 only when every resource has ended', () => {
    const almost = [run('A#1', 'available'), run('B#2', 'running', { bytesTotal: 10, bytesRead: 10 })];
    expect(runProgress(almost, 2).percent).toBe(99);
    expect(runProgress([run('A#1', 'available'), run('B#2', 'error')], 2).percent).toBe(100);
  });

  it('sums the bytes of every run', () => {
    const runs = [
      run('A#1', 'available', { bytesTotal: 10, bytesRead: 10, bytesStored: 4 }),
      run('B#2', 'available', { bytesTotal: 20, bytesRead: 5, bytesStored: 1, bytesSkipped: 15 }),
    ];
    expect(runTotals(runs)).toEqual({ bytes_read: 15, bytes_stored: 5, bytes_skipped: 15, size_bytes: 30 });
  });

  it('gives a reason for every resource that failed or never ran', () => {
    const runs = [run('A#1', 'available'), run('B#2', 'error', undefined, 'snapshot failed')];
    expect(failureReasons(runs, ['A#1', 'B#2', 'C#3'])).toEqual([
      'B 2: snapshot failed',
      'C 3: was not processed',
    ]);
  });
});
