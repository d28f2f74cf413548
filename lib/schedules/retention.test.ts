import { describe, expect, it } from 'vitest';
import { InvalidRetentionPolicy } from './errors.js';
import { type CheckpointSummary, checkpointsToDelete } from './retention.js';

const now = new Date('2026-01-10T12:00:00Z');
const checkpoint = (id: string, created_at: string, status = 'available'): CheckpointSummary => ({
  id,
  created_at,
  status,
});
const daily = [
  checkpoint('c10', '2026-01-10'),
  checkpoint('c9', '2026-01-09'),
  checkpoint('c8', '2026-01-08'),
  checkpoint('c7', '2026-01-07'),
  checkpoint('c5', '2026-01-05'),
];

describe('checkpointsToDelete', () => {
  it('deletes the available checkpoints beyond max_backups, oldest ones', () => {
    expect(checkpointsToDelete(daily, { max_backups: '3' }, now)).toEqual(['c7', 'c5']);
  });

  it('deletes checkpoints more than retention_duration whole days old', () => {
    // c7 is 3 days old (kept), c5 is 5 days old (deleted).
    expect(checkpointsToDelete(daily, { retention_duration: '3' }, now)).toEqual(['c5']);
  });

  it('applies both limits together', () => {
    expect(checkpointsToDelete(daily, { max_backups: '4', retention_duration: '2' }, now)).toEqual([
      'c7',
      'c5',
    ]);
  });

  it.each([
    {},
    { max_backups: '0' },
    { max_backups: '-1', retention_duration: '' },
    { retention_duration: null },
  ])('treats absent, empty and non-positive limits as no limit: %j', (policy) => {
    expect(checkpointsToDelete(daily, policy, now)).toEqual([]);
  });

  it('never deletes the newest available checkpoint, even when every limit says so', () => {
    const old = [checkpoint('a', '2020-01-02'), checkpoint('b', '2020-01-01')];
    expect(checkpointsToDelete(old, { max_backups: '1', retention_duration: '1' }, now)).toEqual(['b']);
    expect(checkpointsToDelete([checkpoint('only', '2019-01-01')], { retention_duration: 1 }, now)).toEqual(
      [],
    );
  });

  it('ignores checkpoints that are not available, for counting and for deleting', () => {
    const mixed = [
      checkpoint('p', '2026-01-10', 'protecting'),
      checkpoint('e', '2026-01-09', 'error'),
      checkpoint('a1', '2026-01-08'),
      checkpoint('a2', '2026-01-01'),
    ];
    expect(checkpointsToDelete(mixed, { max_backups: '1' }, now)).toEqual(['a2']);
  });

  it('orders by created_at itself rather than trusting the input order, keeping ties in input order', () => {
    const shuffled = [
      checkpoint('old', '2026-01-01'),
      checkpoint('new-a', '2026-01-10'),
      checkpoint('new-b', '2026-01-10'),
    ];
    expect(checkpointsToDelete(shuffled, { max_backups: '1' }, now)).toEqual(['new-b', 'old']);
  });

  it('reads ISO and Karbor date-times and keeps checkpoints whose date cannot be read', () => {
    const dated = [
      checkpoint('iso', '2026-01-09T23:00:00.123456'),
      checkpoint('karbor', '2026-01-01 00:00:00'),
      checkpoint('garbage', 'yesterday'),
    ];
    expect(checkpointsToDelete(dated, { max_backups: '1' }, now)).toEqual(['karbor']);
  });

  it('rejects a limit that is not an integer', () => {
    expect(() => checkpointsToDelete(daily, { max_backups: 'three' }, now)).toThrow(
      new InvalidRetentionPolicy('max_backups(three) is not an integer'),
    );
  });
});
