import { describe, expect, it } from 'vitest';
import { NoOccurrenceWithinBound } from './errors.js';
import { loadRecorded, successive } from './fixtures/recorded.js';
import { compileRule, nextRuleTime } from './rrule.js';
import { parseRRule } from './rrule-parse.js';

interface DateutilCase {
  readonly rule: string;
  readonly dtstart: string;
  readonly after: string;
  readonly next: readonly string[];
}

/** Random RRULEs with python-dateutil 2.9's answers; see fixtures/generate-dateutil-rrules.py. */
const cases = loadRecorded<DateutilCase>('dateutil-rrules.json');

const ourNext = (c: DateutilCase): string[] => {
  const rule = compileRule(parseRRule(c.rule), new Date(c.dtstart));
  return successive((t) => nextRuleTime(rule, t), new Date(c.after), 8);
};

describe('nextRuleTime agrees with python-dateutil', () => {
  it.each(cases.filter((c) => c.next.length > 0).map((c) => [c.rule, c] as const))('for %s', (_rule, c) => {
    expect(ourNext(c)).toEqual(c.next);
  });

  it.each(cases.filter((c) => c.next.length === 0).map((c) => [c.rule, c] as const))(
    'finds nothing either, or says the rule never fires, for %s',
    (_rule, c) => {
      try {
        expect(ourNext(c)).toEqual([]);
      } catch (error) {
        expect(error).toBeInstanceOf(NoOccurrenceWithinBound);
      }
    },
  );
});
