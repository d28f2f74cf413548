import { PatternSyntaxError } from './errors.js';
import { parseICalDateTime, parseRRule, type RRuleSpec } from './rrule-parse.js';

/** What a calendar trigger pattern says: its rules and, if given, the VEVENT's own DTSTART. */
interface CalendarPattern {
  readonly rules: readonly RRuleSpec[];
  readonly dtstart?: Date;
}

interface ContentLine {
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  readonly value: string;
}

/** Properties that change the occurrence set; we refuse them rather than ignore them. */
const refused = new Set(['RDATE', 'EXDATE', 'EXRULE']);
const utcZones = new Set(['UTC', 'GMT', 'ETC/UTC', 'ETC/GMT', 'Z']);

/**
 * Karbor stores patterns from JSON, often with literal `\n` escapes; decode them (and
 * `\r`, `\t`) as Karbor's `_decode_calendar_pattern` does, then unfold RFC 5545 lines.
 */
const contentLines = (pattern: string): string[] => {
  const decoded = pattern.replace(/\\r/g, '\r').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  const lines: string[] = [];
  for (const raw of decoded.split(/\r?\n|\r/)) {
    if (/^[ \t]/.test(raw) && lines.length > 0) lines[lines.length - 1] += raw.slice(1);
    else if (raw.trim() !== '') lines.push(raw.trim());
  }
  return lines;
};

const parseLine = (line: string): ContentLine => {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new PatternSyntaxError(`calendar line "${line}" is not NAME:VALUE`);
  const [name = '', ...paramTexts] = line.slice(0, colon).split(';');
  const params = new Map<string, string>();
  for (const text of paramTexts) {
    const [key = '', val = ''] = text.split('=');
    params.set(key.toUpperCase(), val.replace(/^"|"$/g, ''));
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
};

const parseDtstart = (line: ContentLine): Date => {
  const zone = line.params.get('TZID');
  if (zone !== undefined && !utcZones.has(zone.toUpperCase())) {
    throw new PatternSyntaxError(`DTSTART time zone ${zone} is not supported; give DTSTART in UTC`);
  }
  return parseICalDateTime(line.value, 'DTSTART');
};

/**
 * Parses iCalendar text with a VEVENT holding one or more RRULEs (a VCALENDAR wrapper is
 * optional). Only the first VEVENT counts, as in Karbor.
 */
const parseCalendarPattern = (pattern: string): CalendarPattern => {
  const lines = contentLines(pattern).map(parseLine);
  const begin = lines.findIndex((l) => l.name === 'BEGIN' && l.value.toUpperCase() === 'VEVENT');
  if (begin < 0) throw new PatternSyntaxError('the calendar has no BEGIN:VEVENT');
  const rules: RRuleSpec[] = [];
  let dtstart: Date | undefined;
  let depth = 0;
  for (const line of lines.slice(begin + 1)) {
    if (line.name === 'BEGIN') depth++;
    else if (line.name === 'END' && depth > 0) depth--;
    else if (line.name === 'END') {
      if (line.value.toUpperCase() !== 'VEVENT') throw new PatternSyntaxError(`unexpected END:${line.value}`);
      if (rules.length === 0) throw new PatternSyntaxError('the VEVENT has no RRULE');
      return dtstart === undefined ? { rules } : { rules, dtstart };
    } else if (depth > 0) continue;
    else if (line.name === 'RRULE') rules.push(parseRRule(line.value));
    else if (line.name === 'DTSTART') dtstart = parseDtstart(line);
    else if (refused.has(line.name)) throw new PatternSyntaxError(`${line.name} is not supported`);
  }
  throw new PatternSyntaxError('the VEVENT has no END:VEVENT');
};

export { type CalendarPattern, parseCalendarPattern };
