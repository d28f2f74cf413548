import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoOccurrenceWithinBound } from './errors.js';
import { compileRule, nextRuleTime } from './rrule.js';
import { parseRRule } from './rrule-parse.js';

interface DateutilCase {
  readonly rule: string;
  readonly dtstart: string;
  readonly after: string;
  readonly next: readonly string[];
}

/** Random RRULEs with python-dateutil 2.9's answers; see fixtures/generate-dateutil-rrules.py. */
const cases = JSON.parse(
  readFileSync(new URL('./fixtures/dateutil-rrules.json', import.meta.url), 'utf8'),
) as DateutilCase[];

const ourNext = (c: DateutilCase): string[] => {
  const rule = compileRule(parseRRule(c.rule), new Date(c.dtstart));
  const ours: string[] = [];
  let t: Date | undefined = new Date(c.after);
  while (ours.length < 8) {
    t = nextRuleTime(rule, t);
    if (!t) break;
    ours.push(t.toISOString().replace('.000Z', 'Z'));
  }
  return ours;
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
