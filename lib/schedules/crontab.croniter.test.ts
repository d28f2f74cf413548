import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCrontab } from './crontab.js';
import { loadRecorded, successive } from './fixtures/recorded.js';

/** Random crontabs with croniter 6.2's answers; see fixtures/generate-croniter-crontabs.py. */
const cases = loadRecorded<{ pattern: string; after: string; next: string[] }>('croniter-crontabs.json');

describe('nextCronTime agrees with croniter', () => {
  it.each(cases.map((c) => [c.pattern, c] as const))('for "%s"', (_pattern, c) => {
    const spec = parseCrontab(c.pattern);
    expect(successive((t) => nextCronTime(spec, t), new Date(c.after), c.next.length)).toEqual(c.next);
  });
});
