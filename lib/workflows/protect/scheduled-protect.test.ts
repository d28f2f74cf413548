import { describe, expect, it } from 'vitest';
import { scheduledCheckpointId } from './scheduled-protect.js';

describe('scheduled checkpoint ids', () => {
  it('are one UUID per operation and occurrence, so a schedule delivered twice makes one checkpoint', () => {
    const id = scheduledCheckpointId('op-1', '2026-03-01T03:00:00Z');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(scheduledCheckpointId('op-1', '2026-03-01T03:00:00Z')).toBe(id);
    expect(scheduledCheckpointId('op-1', '2026-03-01T03:01:00Z')).not.toBe(id);
    expect(scheduledCheckpointId('op-2', '2026-03-01T03:00:00Z')).not.toBe(id);
  });
});
