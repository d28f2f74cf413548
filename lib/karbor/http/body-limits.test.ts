import { describe, expect, it } from 'vitest';
import { KarborFault } from '../faults.js';
import { checkFieldSizes, checkNesting, maxBodyNesting, maxFieldBytes, tooDeepPath } from './body-limits.js';

const nestedObject = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

const messageOf = (check: () => void): string => {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(KarborFault);
    expect((error as KarborFault).status).toBe(400);
    return (error as KarborFault).message;
  }
  throw new Error('expected a 400');
};

describe('tooDeepPath', () => {
  it('accepts a body exactly as deep as the limit and names the path one level deeper', () => {
    expect(tooDeepPath(nestedObject(maxBodyNesting))).toBeUndefined();
    expect(tooDeepPath(nestedObject(maxBodyNesting + 1))).toBe('a.a.a.a');
  });

  it('names the field of the wrapper where the depth is exceeded, through arrays', () => {
    const body = `{"checkpoint": {"plan_id": "x", "extra-info": {"k": [1, ${'['.repeat(40)}${']'.repeat(40)}]}}}`;
    expect(tooDeepPath(body)).toBe('checkpoint.extra-info.k.1');
  });

  it('ignores brackets and quotes inside strings', () => {
    expect(tooDeepPath(JSON.stringify({ plan: { name: `${'['.repeat(100)}"\\{` } }))).toBeUndefined();
  });

  it('scans 10,000 levels without recursion', () => {
    expect(tooDeepPath('['.repeat(10_000))).toBe('0.0.0.0');
    expect(tooDeepPath(`{"restore": {"restore_target": ${'['.repeat(10_000)}`)).toBe(
      'restore.restore_target.0.0',
    );
  });
});

describe('checkNesting and checkFieldSizes', () => {
  it('refuse with Karbor 400 messages naming the field', () => {
    expect(messageOf(() => checkNesting(`{"trigger_info": {"properties": ${nestedObject(40)}}}`))).toBe(
      'Invalid input for field/attribute trigger_info.properties.a.a. The value is nested more than 32 levels deep.',
    );
    expect(messageOf(() => checkNesting('['.repeat(50)))).toMatch(
      /^Invalid input for field\/attribute 0\.0\.0\.0\./,
    );
    const large = { checkpoint: { 'extra-info': { blob: 'x'.repeat(maxFieldBytes) } } };
    expect(messageOf(() => checkFieldSizes(large))).toMatch(
      /^Invalid input for field\/attribute checkpoint\.extra-info\. The value is \d+ bytes of JSON/,
    );
  });

  it('let ordinary bodies through', () => {
    expect(() =>
      checkNesting(JSON.stringify({ plan: { name: 'p', parameters: { t: { k: 1 } } } })),
    ).not.toThrow();
    expect(() => checkFieldSizes({ plan: { name: 'p' } })).not.toThrow();
    expect(() => checkFieldSizes([1, 2])).not.toThrow();
  });
});
