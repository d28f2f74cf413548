import { describe, expect, it } from 'vitest';
import { JobSpecError, parseJobSpec } from './job-spec.js';

const backup = {
  operation: 'backup',
  store: 's3://bank/karbor',
  project: 'p1',
  checkpointId: 'cp-1',
  resourceId: 'vol-1',
  source: { type: 'file', path: '/dev/vdb' },
};

describe('job spec', () => {
  it('accepts a backup job from JSON text and from a parsed value', () => {
    expect(parseJobSpec(JSON.stringify(backup))).toEqual(backup);
    expect(
      parseJobSpec({
        ...backup,
        source: { type: 'rbd', image: 'volumes/v1', snapshot: 's2', fromSnapshot: 's1' },
      }),
    ).toMatchObject({ source: { type: 'rbd' } });
  });

  it('takes the gc timing a backup runs with, by name only', () => {
    expect(parseJobSpec({ ...backup, gcSafety: 'brief' })).toMatchObject({ gcSafety: 'brief' });
    expect(() => parseJobSpec({ ...backup, gcSafety: 'fast' })).toThrow(/gcSafety must be equal to one of/);
  });

  it('names the unknown field and the missing one', () => {
    expect(() => parseJobSpec({ ...backup, extra: 1 })).toThrow(
      /must NOT have additional properties "extra"/,
    );
    expect(() => parseJobSpec({ ...backup, source: { type: 'file' } })).toThrow(
      /\/source must have required property 'path'/,
    );
  });

  it('rejects an unknown source type, a bad store URL and a block size that is not a 4 KiB multiple', () => {
    expect(() => parseJobSpec({ ...backup, source: { type: 'nfs' } })).toThrow(JobSpecError);
    expect(() => parseJobSpec({ ...backup, store: 'ftp://x' })).toThrow(/store must match pattern/);
    expect(() => parseJobSpec({ ...backup, blockSize: 5000 })).toThrow(/blockSize must be multiple of 4096/);
  });

  it('wants exactly one input for an export-diff source', () => {
    const diff = (source: object) => parseJobSpec({ ...backup, source: { type: 'export-diff', ...source } });
    expect(diff({ path: '/x.diff' }).operation).toBe('backup');
    expect(diff({ stdin: true }).operation).toBe('backup');
    expect(() => diff({ path: '/x.diff', stdin: true })).toThrow(JobSpecError);
    expect(() => diff({})).toThrow(JobSpecError);
  });

  it('refuses ids that could escape the key layout', () => {
    expect(() => parseJobSpec({ ...backup, project: '../p2' })).toThrow(/project must match pattern/);
  });

  it('rejects text that is not JSON and an unknown operation', () => {
    expect(() => parseJobSpec('{')).toThrow(/not valid JSON/);
    expect(() => parseJobSpec({ operation: 'copy' })).toThrow(/must be one of backup, restore, verify, gc/);
  });

  it('accepts restore, verify and gc jobs with their own fields only', () => {
    const base = { store: 'file:///srv/bank', project: 'p1', checkpointId: 'c', resourceId: 'r' };
    expect(
      parseJobSpec({ ...base, operation: 'restore', target: { type: 'file', path: '/dev/vdc' } }).operation,
    ).toBe('restore');
    expect(parseJobSpec({ ...base, operation: 'verify', sampleFraction: 0.25 }).operation).toBe('verify');
    expect(() => parseJobSpec({ ...base, operation: 'verify', sampleFraction: 0 })).toThrow(JobSpecError);
    expect(
      parseJobSpec({ operation: 'gc', store: 'file:///srv/bank', project: 'p1', safety: 'none' }).operation,
    ).toBe('gc');
    expect(() =>
      parseJobSpec({ operation: 'gc', store: 'file:///srv/bank', project: 'p1', safety: 'yolo' }),
    ).toThrow();
  });
});
