import { describe, expect, it } from 'vitest';
import { parseParametersQuery, parsePythonLiteral } from './python-literal.js';

describe('parsePythonLiteral', () => {
  it('reads the dict repr karborclient sends', () => {
    expect(
      parsePythonLiteral("{'name': 'vm 1', 'count': 2, 'ok': True, 'none': None, 'l': [1, 'a']}"),
    ).toEqual({
      name: 'vm 1',
      count: 2,
      ok: true,
      none: null,
      l: [1, 'a'],
    });
  });

  it('handles escaped quotes and empty dicts', () => {
    expect(parsePythonLiteral("{'a': 'it\\'s'}")).toEqual({ a: "it's" });
    expect(parsePythonLiteral('{}')).toEqual({});
  });

  it('rejects expressions that are not literals', () => {
    expect(() => parsePythonLiteral("{'a': __import__('os')}")).toThrow(/Invalid parameters/);
    expect(() => parsePythonLiteral("{'a': 1")).toThrow(/Invalid parameters/);
    expect(() => parsePythonLiteral("{'a': 1} extra")).toThrow(/Invalid parameters/);
  });
});

describe('parseParametersQuery', () => {
  it('accepts JSON as well and insists on a dict', () => {
    expect(parseParametersQuery('{"a": 1}')).toEqual({ a: 1 });
    expect(() => parseParametersQuery("['a']")).toThrow('The parameters must be a dict.');
    expect(parseParametersQuery(undefined)).toEqual({});
  });
});
