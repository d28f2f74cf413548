import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  JsonLinesProgressSink,
  type ProgressSnapshot,
  ProgressTracker,
  TtyProgressSink,
} from './progress.js';

describe('progress tracker', () => {
  it('reports at most once per interval and always reports the final state', async () => {
    let now = 0;
    const seen: ProgressSnapshot[] = [];
    const tracker = new ProgressTracker([{ report: (s) => void seen.push(s) }], {
      operation: 'backup',
      bytesTotal: 400,
      blocksTotal: 4,
      intervalMs: 1000,
      now: () => now,
    });
    for (let i = 0; i < 5; i++) {
      now += 300;
      tracker.add({ read: 100, stored: 50, blocks: 1, logical: 100 });
      await Promise.resolve();
    }
    const final = await tracker.finish('done');
    expect(seen.map((s) => s.phase)).toEqual(['running', 'running', 'done']);
    expect(final).toMatchObject({ bytesRead: 500, bytesStored: 250, blocksDone: 5, bytesPerSecond: 333 });
  });

  it('keeps going when a sink throws', async () => {
    const tracker = new ProgressTracker(
      [
        {
          report: () => {
            throw new Error('bank unavailable');
          },
        },
      ],
      { operation: 'verify', bytesTotal: 1, blocksTotal: 1 },
    );
    tracker.add({ blocks: 1 });
    await expect(tracker.finish('done')).resolves.toMatchObject({ blocksDone: 1 });
  });

  it('writes JSON lines and a terminal bar', () => {
    const out = new PassThrough();
    const snapshot = new ProgressTracker([], {
      operation: 'restore',
      bytesTotal: 10,
      blocksTotal: 2,
    }).snapshot();
    new JsonLinesProgressSink(out).report(snapshot);
    expect(JSON.parse(out.read().toString()).progress.operation).toBe('restore');
    new TtyProgressSink(out, 10).report({ ...snapshot, blocksDone: 1 });
    expect(out.read().toString()).toContain('[#####-----] 50.0%');
  });
});
