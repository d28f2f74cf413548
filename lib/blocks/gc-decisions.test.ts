import { describe, expect, it } from 'vitest';
import type { CondemnedList } from './condemned.js';
import { chunkFate, deletionVerdict, type SweepContext } from './gc-decisions.js';
import { GC_SAFETY } from './gc-safety.js';

const hash = (c: string) => c.repeat(64);
const mark = new Date('2026-12-06T03:30:00Z');
const safety = GC_SAFETY.full;
const hoursBefore = (hours: number) => new Date(mark.getTime() - hours * 3_600_000);
const list = (epoch: Date, ...hashes: string[]): CondemnedList => ({
  key: `gc/condemned/${epoch.toISOString()}`,
  epoch,
  hashes: new Set(hashes),
});
const context = (lists: CondemnedList[], live: string[] = []): SweepContext => ({
  live: new Set(live),
  lists,
  mark,
  safety,
});

describe('chunk fate', () => {
  it('keeps a referenced chunk even when an old list condemns it', () => {
    expect(
      chunkFate(hash('a'), hoursBefore(100), context([list(hoursBefore(30), hash('a'))], [hash('a')])),
    ).toEqual({
      fate: 'live',
    });
  });

  it('leaves an unreferenced chunk younger than the block grace alone', () => {
    expect(chunkFate(hash('a'), hoursBefore(23), context([]))).toEqual({ fate: 'young' });
  });

  it('condemns an unreferenced chunk past the block grace that no list names', () => {
    expect(chunkFate(hash('a'), hoursBefore(25), context([]))).toEqual({ fate: 'condemn' });
  });

  it('waits while the only list that condemns a chunk is younger than the margin', () => {
    expect(chunkFate(hash('a'), hoursBefore(90), context([list(hoursBefore(19), hash('a'))]))).toEqual({
      fate: 'pending',
    });
  });

  it('makes a chunk a candidate once a list at least the margin old condemns it, with that list’s epoch', () => {
    const epoch = hoursBefore(20);
    expect(chunkFate(hash('a'), hoursBefore(90), context([list(epoch, hash('a'))]))).toEqual({
      fate: 'candidate',
      epoch,
    });
  });

  it('takes the newest eligible epoch when several old lists condemn a chunk, ignoring young ones', () => {
    const lists = [
      list(hoursBefore(48), hash('a')),
      list(hoursBefore(21), hash('a')),
      list(hoursBefore(1), hash('a')),
    ];
    expect(chunkFate(hash('a'), hoursBefore(90), context(lists))).toEqual({
      fate: 'candidate',
      epoch: hoursBefore(21),
    });
  });
});

describe('deletion verdict', () => {
  const epoch = new Date('2026-12-05T03:31:00Z');
  const head = (lastModified: Date) => ({ key: 'k', size: 1, lastModified });
  const timing = { headSentAt: 1000, now: 1010, deleteWindowMs: 30_000 };

  it('deletes a chunk unchanged since it was condemned when the HEAD is fresh', () => {
    expect(deletionVerdict(head(new Date('2026-12-01T00:00:00Z')), epoch, timing)).toBe('delete');
  });

  it('keeps a chunk a backup touched at or after the epoch (S3 whole seconds tie in its favour)', () => {
    expect(deletionVerdict(head(epoch), epoch, timing)).toBe('refreshed');
    expect(deletionVerdict(head(new Date('2026-12-06T01:00:00Z')), epoch, timing)).toBe('refreshed');
  });

  it('gives up when the HEAD is older than the delete window', () => {
    expect(
      deletionVerdict(head(new Date('2026-12-01T00:00:00Z')), epoch, { ...timing, now: 1000 + 30_001 }),
    ).toBe('late');
  });

  it('has nothing to do for a chunk already gone', () => {
    expect(deletionVerdict(undefined, epoch, timing)).toBe('gone');
  });
});
