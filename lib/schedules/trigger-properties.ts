import { InvalidTrigger, NoOccurrenceWithinBound, PatternSyntaxError } from './errors.js';
import {
  compileSchedule,
  nextOccurrences,
  type Schedule,
  type TriggerFormat,
  triggerFormats,
} from './schedule.js';
import { formatKarborTime, requireTriggerTime, toSeconds } from './time-format.js';

/** Operation-engine limits, in seconds (Karbor's `min_interval`, `min/max_window_time`). */
interface ScheduleLimits {
  readonly minInterval: number;
  readonly minWindow: number;
  readonly maxWindow: number;
}

/** Karbor's defaults. */
const defaultLimits: ScheduleLimits = Object.freeze({ minInterval: 3600, minWindow: 900, maxWindow: 1800 });
/** Karbor's devstack values, for tests and local mode: a trigger may fire every minute. */
const testLimits: ScheduleLimits = Object.freeze({ minInterval: 60, minWindow: 20, maxWindow: 30 });

/** Trigger properties as Karbor stores and returns them: every value a string. */
interface TriggerProperties {
  readonly format: TriggerFormat;
  readonly pattern: string;
  readonly start_time: string;
  readonly end_time?: string;
  readonly window: string;
}

interface ParsedTrigger {
  readonly properties: TriggerProperties;
  readonly schedule: Schedule;
}

const knownKeys = new Set(['format', 'pattern', 'start_time', 'end_time', 'window']);
/** The interval check looks at this many upcoming occurrences (Karbor looked at two). */
const intervalSample = 10;

const readFormat = (value: unknown): TriggerFormat => {
  if (value === undefined || value === null || value === '')
    throw new InvalidTrigger('The trigger format is None');
  const format = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (format !== triggerFormats.crontab && format !== triggerFormats.calendar) {
    throw new InvalidTrigger(`The trigger format(${String(value)}) is invalid; use crontab or calendar`);
  }
  return format;
};

const readWindow = (value: unknown, limits: ScheduleLimits): number => {
  if (value === undefined || value === null) return limits.minWindow;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[+-]?\d+$/.test(text))
    throw new InvalidTrigger(`The trigger windows(${String(value)}) is not integer`);
  const window = Number(text);
  if (window < limits.minWindow || window > limits.maxWindow) {
    throw new InvalidTrigger(
      `The trigger windows ${window} must be between ${limits.minWindow} and ${limits.maxWindow}`,
    );
  }
  return window;
};

/** Rejects patterns whose upcoming occurrences come closer together than `minInterval`. */
const checkInterval = (schedule: Schedule, limits: ScheduleLimits, now: Date): void => {
  let upcoming: Date[];
  try {
    upcoming = nextOccurrences(schedule, now, intervalSample);
    if (upcoming.length < 2) upcoming = nextOccurrences(schedule, new Date(0), intervalSample);
  } catch (error) {
    if (!(error instanceof NoOccurrenceWithinBound)) throw error;
    throw new InvalidTrigger(`The trigger's pattern never fires: ${error.message}`, { cause: error });
  }
  if (upcoming.length === 0) {
    throw new InvalidTrigger("The trigger's pattern never fires between its start_time and end_time");
  }
  for (let i = 1; i < upcoming.length; i++) {
    const gap = ((upcoming[i]?.getTime() ?? 0) - (upcoming[i - 1]?.getTime() ?? 0)) / 1000;
    if (gap < limits.minInterval) {
      throw new InvalidTrigger(`The interval of two adjacent time points is less than ${limits.minInterval}`);
    }
  }
};

/**
 * Validates and normalises trigger properties for create (and for update once
 * `parseTriggerUpdate` has checked start_time is there). Karbor's rules with our
 * improvements: `format` is honoured; times may be ISO 8601; the interval check covers the
 * next ten occurrences instead of two. `start_time` defaults to `now` (seconds precision)
 * and `window` to `limits.minWindow`; both are stored. Throws InvalidTrigger.
 */
const parseTriggerProperties = (input: unknown, limits: ScheduleLimits, now: Date): ParsedTrigger => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidTrigger('The trigger properties must be an object');
  }
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !knownKeys.has(key));
  if (unknown.length > 0)
    throw new InvalidTrigger(`The trigger properties ${unknown.join(', ')} are not supported`);
  const format = readFormat(raw.format);
  const pattern = raw.pattern;
  if (pattern === undefined || pattern === null || pattern === '')
    throw new InvalidTrigger('The trigger pattern is None');
  if (typeof pattern !== 'string') throw new InvalidTrigger('The trigger pattern is not a string');
  const startTime =
    raw.start_time === undefined ? toSeconds(now) : requireTriggerTime(raw.start_time, 'start_time');
  const endTime = raw.end_time === undefined ? undefined : requireTriggerTime(raw.end_time, 'end_time');
  if (endTime && endTime <= startTime) {
    throw new InvalidTrigger(
      `The trigger's start time(${formatKarborTime(startTime)}) is bigger than end time(${formatKarborTime(endTime)})`,
    );
  }
  const window = readWindow(raw.window, limits);
  let schedule: Schedule;
  try {
    schedule = compileSchedule({ format, pattern, startTime, ...(endTime && { endTime }), window });
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    throw new InvalidTrigger(`The trigger's pattern is invalid: ${error.message}`, { cause: error });
  }
  checkInterval(schedule, limits, now);
  const properties: TriggerProperties = {
    format,
    pattern,
    start_time: formatKarborTime(startTime),
    ...(endTime && { end_time: formatKarborTime(endTime) }),
    window: String(window),
  };
  return { properties, schedule };
};

/**
 * PUT semantics (karbor-api.md §3.7): absent or empty properties leave the trigger as it
 * is (returns undefined); otherwise they replace all properties, must carry start_time,
 * and are validated as on create.
 */
const parseTriggerUpdate = (input: unknown, limits: ScheduleLimits, now: Date): ParsedTrigger | undefined => {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 0) return undefined;
  if (typeof input === 'object' && !Array.isArray(input) && !('start_time' in input)) {
    throw new InvalidTrigger('start_time should be supplied');
  }
  return parseTriggerProperties(input, limits, now);
};

/**
 * Compiles properties already stored by parseTriggerProperties (no limit checks), for the
 * scheduler and the console. Throws InvalidTrigger if the stored data is unusable.
 */
const scheduleFromProperties = (stored: { readonly [K in keyof TriggerProperties]?: string }): Schedule => {
  const format = readFormat(stored.format);
  const startTime = requireTriggerTime(stored.start_time, 'start_time');
  const endTime = stored.end_time === undefined ? undefined : requireTriggerTime(stored.end_time, 'end_time');
  const window = Number(stored.window ?? defaultLimits.minWindow);
  try {
    return compileSchedule({
      format,
      pattern: stored.pattern ?? '',
      startTime,
      ...(endTime && { endTime }),
      window,
    });
  } catch (error) {
    throw new InvalidTrigger(`The trigger's pattern is invalid: ${(error as Error).message}`, {
      cause: error,
    });
  }
};

export {
  defaultLimits,
  type ParsedTrigger,
  parseTriggerProperties,
  parseTriggerUpdate,
  type ScheduleLimits,
  scheduleFromProperties,
  type TriggerProperties,
  testLimits,
};
