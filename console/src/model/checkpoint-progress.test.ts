import { describe, expect, it } from 'vitest';
import { checkpointFacts, explainFailure, progressPercent } from './checkpoint-progress.js';

const checkpoint = (status: string, extra: unknown) => ({ status, extra_info: JSON.stringify(extra) });

describe('checkpoint progress (the protect workflow contract)', () => {
  it('shows the reported percent while protecting', () => {
    expect(progressPercent(checkpoint('protecting', { progress: { percent: 42.5 } }))).toBe(42.5);
  });

  it('computes the percent from bytes, then resources, when none is reported', () => {
    expect(
      progressPercent(checkpoint('protecting', { progress: { bytes_total: 200, bytes_done: 50 } })),
    ).toBe(25);
    expect(
      progressPercent(checkpoint('protecting', { progress: { resources_total: 4, resources_done: 3 } })),
    ).toBe(75);
    expect(progressPercent(checkpoint('protecting', {}))).toBeUndefined();
  });

  it('is full once available and absent on error', () => {
    expect(progressPercent(checkpoint('available', {}))).toBe(100);
    expect(progressPercent(checkpoint('error', { progress: { percent: 30 } }))).toBeUndefined();
  });

  it('reads sizes and duration of a finished backup, numbers or numeric strings', () => {
    const facts = checkpointFacts(
      checkpoint('available', {
        created_by: 'operation-engine',
        size_bytes: 1073741824,
        bytes_read: '1000',
        bytes_stored: 512,
        bytes_skipped: 0,
        duration_seconds: 12.5,
      }),
    );
    expect(facts).toMatchObject({
      createdBy: 'operation-engine',
      sizeBytes: 1073741824,
      bytesRead: 1000,
      bytesStored: 512,
      bytesSkipped: 0,
      durationSeconds: 12.5,
    });
  });

  it('survives missing or broken extra_info', () => {
    expect(checkpointFacts({ extra_info: null }).progress).toBeUndefined();
    expect(checkpointFacts({ extra_info: '{oops' }).failReason).toBeUndefined();
  });

  it('explains the missing workflow in words a tenant understands', () => {
    const reason = checkpointFacts(
      checkpoint('error', {
        fail_reason: 'the protect workflow could not start: the protect workflow is not installed',
      }),
    ).failReason;
    expect(explainFailure(reason)).toMatch(/^Backups cannot run yet/);
    expect(explainFailure(undefined)).toMatch(/no reason was recorded/);
  });
});
