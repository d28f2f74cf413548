import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex, maxPatternLength, UnsupportedPattern } from './linear-regex.js';

const matches = (pattern: string, text: string): boolean => compileLinearRegex(pattern).test(text);

describe('compileLinearRegex', () => {
  it.each([
    ['abc', 'xxabcxx', true],
    ['^abc$', 'abc', true],
    ['^abc$', 'abcd', false],
    ['a.c', 'a-c', true],
    ['a.c', 'a\nc', false],
    ['^(a|bc)+$', 'abcbca', true],
    ['^(?:ab){2}$', 'abab', true],
    ['^(?:ab){2}$', 'ababab', false],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{2,}$', 'aaaa', true],
    ['^a{,2}$', 'aa', true],
    ['x{a}', 'x{a}', true],
    ['[a-c]+z', 'zzbcaz', true],
    ['[^a-c]', 'abc', false],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['\\d{3}-\\w+', 'call 555-abc', true],
    ['\\bcat\\b', 'a cat!', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Aab\\Z', 'ab', true],
    ['colou?r', 'color', true],
    ['(?P<x>ab)c', 'abc', true],
    ['\\.json', 'a.json', true],
    ['\\.json', 'ajson', false],
    ['', 'anything', true],
    ['é+', 'caféé', true],
    ['^.$', '😀', true],
    ['\\x41\\u0042', 'AB', true],
    ['a+?b', 'aab', true],
  ])('%s on %s is %s', (pattern, text, expected) => {
    expect(matches(pattern, text)).toBe(expected);
  });

  it.each([
    ['(a)\\1', 'reference'],
    ['(?=a)', 'look-around'],
    ['(?<!a)b', 'look-around'],
    ['(?i)a', 'flags'],
    ['[[:alpha:]]', 'POSIX'],
    ['*a', 'nothing to repeat'],
    ['a**', 'multiple repeat'],
    ['(a', 'missing )'],
    ['a)', 'unbalanced'],
    ['[abc', 'ends too early'],
    ['a{5,2}', 'min repeat'],
    ['a{1001}', 'at most'],
    ['\\q', 'unknown escape'],
    ['(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))', 'nest'],
    ['(a{1000}){1000}', 'too complex'],
    ['a'.repeat(maxPatternLength + 1), 'at most'],
  ])('refuses %s (%s)', (pattern, reason) => {
    expect(() => compileLinearRegex(pattern)).toThrow(UnsupportedPattern);
    expect(() => compileLinearRegex(pattern)).toThrow(new RegExp(reason.replace(/[()]/g, '\\$&'), 'i'));
  });

  it('matches the catastrophic patterns of issue 17 in linear time', () => {
    const name = `${'a'.repeat(254)}!`;
    const started = performance.now();
    for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(a*)*$', '(a|aa)+b', '^(a?){100}a{100}$'])
      expect(matches(pattern, name), pattern).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('agrees with JavaScript RegExp on generated patterns of the shared syntax', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '!', '\\b');
    const pattern = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a}${b}`),
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a}|${b})`),
        fc
          .tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '*?'))
          .map(([a, q]) => (/[*+?}]$/.test(a) || a === '\\b' ? `(?:${a})${q}` : `(?:${a})${q}`)),
      ),
    })).node;
    const anchored = fc
      .tuple(fc.boolean(), pattern, fc.boolean())
      .map(([start, body, end]) => `${start ? '^' : ''}${body}${end ? '$' : ''}`);
    fc.assert(
      fc.property(anchored, fc.stringMatching(/^[ab1! ]{0,12}$/), (source, text) => {
        expect(matches(source, text), `${source} on ${JSON.stringify(text)}`).toBe(
          new RegExp(source).test(text),
        );
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});
