import { describe, expect, it } from 'vitest';
import { InvalidTrigger } from './errors.js';
import {
  formatKarborTime,
  formatSchedulerTime,
  parseTriggerTime,
  requireTriggerTime,
} from './time-format.js';

describe('parseTriggerTime', () => {
  it("reads Karbor's YYYY-MM-DD HH:MM:SS as UTC", () => {
    expect(parseTriggerTime('2026-01-02 03:04:05')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads single-digit month, day and hour as strptime does', () => {
    expect(parseTriggerTime('2016-8-18 1:03:04')?.toISOString()).toBe('2016-08-18T01:03:04.000Z');
  });

  it.each([
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05.987654Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05+02:00', '2026-01-02T01:04:05.000Z'],
    ['2026-01-02T03:04:05-0130', '2026-01-02T04:34:05.000Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
  ])('reads ISO 8601 %s', (text, expected) => {
    expect(parseTriggerTime(text)?.toISOString()).toBe(expected);
  });

  it.each([
    'tomorrow',
    '2026-02-30 00:00:00',
    '2026-13-01 00:00:00',
    '2026-01-01 24:00:00',
    '2026-01-01 00:60:00',
    '2026-01-01',
    '2026-01-01T00:00:00+25:00',
  ])('rejects %s', (text) => {
    expect(parseTriggerTime(text)).toBeUndefined();
  });
});

describe('requireTriggerTime', () => {
  it("throws Karbor's message for a malformed time", () => {
    expect(() => requireTriggerTime('abc', 'start_time')).toThrow(
      new InvalidTrigger('The format of trigger start_time is not correct'),
    );
  });

  it("throws Karbor's message for a time that is not a string", () => {
    expect(() => requireTriggerTime(123, 'end_time')).toThrow(/end_time\(123\) is not an instance of string/);
  });
});

describe('formatting', () => {
  it("writes Karbor's stored form and the scheduler's form", () => {
    const date = new Date('2026-03-04T05:06:07.890Z');
    expect(formatKarborTime(date)).toBe('2026-03-04 05:06:07');
    expect(formatSchedulerTime(date)).toBe('2026-03-04T05:06:07');
  });
});
