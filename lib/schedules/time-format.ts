import { InvalidTrigger } from './errors.js';

const karborPattern = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/;
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

type DateParts = [number, number, number, number, number, number];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Builds a UTC date from parts, or undefined when a part is out of range (e.g. Feb 30). */
const utcDate = (y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined => {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date;
};

/**
 * Parses a trigger time: Karbor's `YYYY-MM-DD HH:MM:SS` (UTC; single-digit month, day and
 * hour are accepted as Python's strptime does) or ISO 8601 with `T` — our improvement over
 * Karbor — with `Z`, an offset, or no zone (read as UTC); fractional seconds are truncated.
 * Returns undefined when the text is neither.
 */
const parseTriggerTime = (text: string): Date | undefined => {
  const karbor = karborPattern.exec(text.trim());
  if (karbor) {
    const [y, mo, d, h, mi, s] = karbor.slice(1).map(Number) as DateParts;
    return utcDate(y, mo, d, h, mi, s);
  }
  const iso = isoPattern.exec(text.trim());
  if (!iso) return undefined;
  const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number) as DateParts;
  const local = utcDate(y, mo, d, h, mi, s);
  if (!local) return undefined;
  const zone = iso[8];
  if (!zone || zone.toUpperCase() === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (offsetMinutes > 18 * 60) return undefined;
  return new Date(local.getTime() - sign * offsetMinutes * 60_000);
};

/** Reads a start_time/end_time property or throws Karbor's message. */
const requireTriggerTime = (value: unknown, name: 'start_time' | 'end_time'): Date => {
  if (typeof value !== 'string') {
    throw new InvalidTrigger(`The trigger ${name}(${String(value)}) is not an instance of string`);
  }
  const parsed = parseTriggerTime(value);
  if (!parsed) throw new InvalidTrigger(`The format of trigger ${name} is not correct`);
  return parsed;
};

/** Karbor's stored form: `YYYY-MM-DD HH:MM:SS` in UTC. */
const formatKarborTime = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;

/** EventBridge Scheduler's `at()`/StartDate form without zone: `YYYY-MM-DDTHH:MM:SS`. */
const formatSchedulerTime = (date: Date): string => formatKarborTime(date).replace(' ', 'T');

/** Truncates to whole seconds (Karbor stores seconds precision). */
const toSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

export { formatKarborTime, formatSchedulerTime, parseTriggerTime, requireTriggerTime, toSeconds, utcDate };
