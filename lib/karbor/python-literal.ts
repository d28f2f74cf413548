import { BadRequest } from './faults.js';

/**
 * Parses the Python-literal dict karborclient sends as `parameters` (`str(dict)`, e.g.
 * `{'name': 'vm1', 'count': 2, 'ok': True}`). Only literals: strings, numbers, True/False/None,
 * lists and dicts. Anything else is a 400.
 */
export const parsePythonLiteral = (text: string): unknown => {
  let position = 0;
  const fail = (): never => {
    throw new BadRequest(`Invalid parameters: ${text.slice(0, 200)}`);
  };
  const skip = () => {
    while (/\s/.test(text[position] ?? '')) position++;
  };
  const value = (): unknown => {
    skip();
    const char = text[position];
    if (char === '{') return container('}', true);
    if (char === '[' || char === '(') return container(char === '[' ? ']' : ')', false);
    if (char === "'" || char === '"') return string(char);
    const word = /^(True|False|None|[-+]?\d+(\.\d+)?([eE][-+]?\d+)?)/.exec(text.slice(position))?.[0];
    if (!word) return fail();
    position += word.length;
    return word === 'True' ? true : word === 'False' ? false : word === 'None' ? null : Number(word);
  };
  const string = (quote: string): string => {
    let result = '';
    position++;
    while (position < text.length && text[position] !== quote) {
      if (text[position] === '\\') {
        position++;
        const escaped = text[position] ?? '';
        result += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escaped] ?? escaped;
      } else result += text[position];
      position++;
    }
    if (text[position] !== quote) fail();
    position++;
    return result;
  };
  const container = (close: string, isDict: boolean): unknown => {
    position++;
    const list: unknown[] = [];
    const dict: Record<string, unknown> = {};
    skip();
    while (text[position] !== close) {
      const item = value();
      if (isDict) {
        skip();
        if (text[position] !== ':' || typeof item !== 'string') fail();
        position++;
        dict[item as string] = value();
      } else list.push(item);
      skip();
      if (text[position] === ',') position++;
      else if (text[position] !== close) fail();
      skip();
      if (position >= text.length) fail();
    }
    position++;
    return isDict ? dict : list;
  };
  const result = value();
  skip();
  if (position !== text.length) fail();
  return result;
};

/** The `parameters` query of protectable instances: a dict, or 400. */
export const parseParametersQuery = (raw: string | undefined): Record<string, unknown> => {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = parsePythonLiteral(raw);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest('The parameters must be a dict.');
  }
  return parsed as Record<string, unknown>;
};
