import { describe, expect, it } from 'vitest';
import { InvalidTrigger, PatternSyntaxError } from './errors.js';
import { nextOccurrences } from './schedule.js';
import {
  defaultLimits,
  parseTriggerProperties,
  parseTriggerUpdate,
  scheduleFromProperties,
  testLimits,
} from './trigger-properties.js';

const now = new Date('2026-01-01T12:34:56.789Z');
const parse = (input: unknown, limits = defaultLimits) => parseTriggerProperties(input, limits, now);
const message = (input: unknown, limits = defaultLimits): string => {
  try {
    parse(input, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTrigger);
    return (error as Error).message;
  }
  throw new Error('expected InvalidTrigger');
};

describe('parseTriggerProperties', () => {
  it('stores defaults as Karbor does: start_time now to the second, window the minimum, all strings', () => {
    expect(parse({ format: 'crontab', pattern: '0 * * * *' }).properties).toEqual({
      format: 'crontab',
      pattern: '0 * * * *',
      start_time: '2026-01-01 12:34:56',
      window: '900',
    });
  });

  it('normalises ISO 8601 times to Karbor form and keeps a numeric-string window', () => {
    const { properties, schedule } = parse({
      format: 'calendar',
      pattern: 'BEGIN:VEVENT\\nRRULE:FREQ=WEEKLY;INTERVAL=1;\\nEND:VEVENT',
      start_time: '2026-02-01T10:00:00+02:00',
      end_time: '2026-12-31T00:00:00.5Z',
      window: '1800',
    });
    expect(properties).toMatchObject({
      start_time: '2026-02-01 08:00:00',
      end_time: '2026-12-31 00:00:00',
      window: '1800',
    });
    expect(schedule.window).toBe(1800);
    expect(nextOccurrences(schedule, now, 1)[0]?.toISOString()).toBe('2026-02-01T08:00:00.000Z');
  });

  it('honours the format per trigger', () => {
    expect(message({ format: 'calendar', pattern: '0 * * * *' })).toMatch(
      /^The trigger's pattern is invalid: /,
    );
    expect(message({ format: 'crontab', pattern: 'BEGIN:VEVENT\nRRULE:FREQ=DAILY\nEND:VEVENT' })).toMatch(
      /^The trigger's pattern is invalid: a crontab has 5 fields/,
    );
  });

  it('keeps the parser error as the cause', () => {
    try {
      parse({ format: 'crontab', pattern: '61 * * * *' });
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(PatternSyntaxError);
    }
    expect.assertions(1);
  });

  it.each([
    [{ pattern: '0 * * * *' }, 'The trigger format is None'],
    [
      { format: 'ical', pattern: '0 * * * *' },
      'The trigger format(ical) is invalid; use crontab or calendar',
    ],
    [{ format: 'crontab' }, 'The trigger pattern is None'],
    [{ format: 'crontab', pattern: '' }, 'The trigger pattern is None'],
    [{ format: 'crontab', pattern: 5 }, 'The trigger pattern is not a string'],
    [
      { format: 'crontab', pattern: '0 * * * *', start_time: 'abc' },
      'The format of trigger start_time is not correct',
    ],
    [
      { format: 'crontab', pattern: '0 * * * *', end_time: 7 },
      'The trigger end_time(7) is not an instance of string',
    ],
    [
      {
        format: 'crontab',
        pattern: '0 * * * *',
        start_time: '2026-02-01 00:00:00',
        end_time: '2026-02-01 00:00:00',
      },
      "The trigger's start time(2026-02-01 00:00:00) is bigger than end time(2026-02-01 00:00:00)",
    ],
    [{ format: 'crontab', pattern: '0 * * * *', window: 'abc' }, 'The trigger windows(abc) is not integer'],
    [{ format: 'crontab', pattern: '0 * * * *', window: 900.5 }, 'The trigger windows(900.5) is not integer'],
    [
      { format: 'crontab', pattern: '0 * * * *', window: 60 },
      'The trigger windows 60 must be between 900 and 1800',
    ],
    [
      { format: 'crontab', pattern: '0 * * * *', window: '1801' },
      'The trigger windows 1801 must be between 900 and 1800',
    ],
    [
      { format: 'crontab', pattern: '*/30 * * * *' },
      'The interval of two adjacent time points is less than 3600',
    ],
    [
      { format: 'crontab', pattern: '0 0 30 2 *' },
      "The trigger's pattern never fires: the crontab has no occurrence within 100 years",
    ],
    [
      { format: 'crontab', pattern: '0 * * * *', extra: '1' },
      'The trigger properties extra are not supported',
    ],
  ])('rejects %j with "%s"', (input, expected) => {
    expect(message(input)).toBe(expected);
  });

  it('checks the smallest gap among the next ten occurrences, not just the next two', () => {
    // At 12:34 the next two runs are 23h30 apart, but 09:00 and 09:30 are 30 minutes apart.
    expect(message({ format: 'crontab', pattern: '0,30 9 * * *' })).toBe(
      'The interval of two adjacent time points is less than 3600',
    );
    expect(
      message({
        format: 'calendar',
        pattern: 'BEGIN:VEVENT\nRRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0,30\nEND:VEVENT',
      }),
    ).toBe('The interval of two adjacent time points is less than 3600');
  });

  it('allows a one-minute pattern and a 20 to 30 second window under the test limits', () => {
    expect(parse({ format: 'crontab', pattern: '* * * * *', window: 25 }, testLimits).properties.window).toBe(
      '25',
    );
    expect(parse({ format: 'crontab', pattern: '* * * * *' }, testLimits).properties.window).toBe('20');
  });

  it('accepts a rule with a single occurrence', () => {
    const pattern = 'BEGIN:VEVENT\nRRULE:FREQ=DAILY;COUNT=1\nEND:VEVENT';
    expect(parse({ format: 'calendar', pattern }).properties.pattern).toBe(pattern);
  });

  it('rejects a rule that has no occurrence before end_time', () => {
    expect(
      message({
        format: 'crontab',
        pattern: '0 0 1 1 *',
        start_time: '2026-02-01 00:00:00',
        end_time: '2026-03-01 00:00:00',
      }),
    ).toBe("The trigger's pattern never fires between its start_time and end_time");
  });

  it('rejects properties that are not an object', () => {
    expect(message('0 * * * *')).toBe('The trigger properties must be an object');
  });
});

describe('parseTriggerUpdate', () => {
  it('leaves the trigger unchanged for absent or empty properties', () => {
    expect(parseTriggerUpdate(undefined, defaultLimits, now)).toBeUndefined();
    expect(parseTriggerUpdate({}, defaultLimits, now)).toBeUndefined();
  });

  it('requires start_time when properties are given', () => {
    expect(() => parseTriggerUpdate({ format: 'crontab', pattern: '0 * * * *' }, defaultLimits, now)).toThrow(
      new InvalidTrigger('start_time should be supplied'),
    );
  });

  it('validates replacement properties as on create', () => {
    const update = { format: 'crontab', pattern: '0 2 * * *', start_time: '2026-01-02 00:00:00' };
    expect(parseTriggerUpdate(update, defaultLimits, now)?.properties).toEqual({ ...update, window: '900' });
  });
});

describe('scheduleFromProperties', () => {
  it('compiles what parseTriggerProperties stored', () => {
    const { properties } = parse({ format: 'crontab', pattern: '0 3 * * *', window: 1200 });
    const schedule = scheduleFromProperties(properties);
    expect(schedule.window).toBe(1200);
    expect(nextOccurrences(schedule, now, 1)[0]?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });

  it('raises InvalidTrigger for a corrupt stored pattern', () => {
    expect(() =>
      scheduleFromProperties({
        format: 'crontab',
        pattern: 'x',
        start_time: '2026-01-01 00:00:00',
        window: '900',
      }),
    ).toThrow(InvalidTrigger);
  });
});
