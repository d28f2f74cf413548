import { CloudConfigError } from '../errors.js';

/**
 * The part of YAML that clouds.yaml files use: nested block mappings, block lists (`- x`),
 * flow lists of scalars (`[a, b]`), plain and quoted scalars, comments. Anchors, multi-line
 * scalars and flow mappings are rejected with a clear error rather than misread.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

const stripComment = (line: string): string => {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i);
    }
  }
  return line;
};

export const parseScalar = (raw: string, lineNumber = 0): YamlValue => {
  const text = raw.trim();
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) {
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2)
    return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((part) => parseScalar(part, lineNumber));
  }
  if (/^[&*!|>{]/.test(text)) {
    throw new CloudConfigError(`unsupported YAML on line ${lineNumber}: ${text}`);
  }
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
};

const splitKey = (text: string, lineNumber: number): [string, string] => {
  const match = /^("[^"]*"|'[^']*'|[^:]+?):(?:\s+(.*))?$/.exec(text);
  if (!match?.[1]) throw new CloudConfigError(`expected "key: value" on line ${lineNumber}: ${text}`);
  return [String(parseScalar(match[1], lineNumber)), match[2] ?? ''];
};

const parseBlock = (lines: readonly Line[], start: number, indent: number): [YamlValue, number] => {
  const first = lines[start];
  if (!first || first.indent < indent) return [null, start];
  if (first.text.startsWith('- ') || first.text === '-') {
    const list: YamlValue[] = [];
    let i = start;
    while (i < lines.length && lines[i]?.indent === first.indent && lines[i]?.text.startsWith('-')) {
      const rest = (lines[i]?.text ?? '').slice(1).trim();
      if (rest === '') {
        const [value, next] = parseBlock(lines, i + 1, first.indent + 1);
        list.push(value);
        i = next;
      } else if (/^[^'"[]+?:(\s|$)/.test(rest)) {
        const inner: Line[] = [{ indent: first.indent + 2, text: rest, number: lines[i]?.number ?? 0 }];
        const [value, next] = parseMapping([...inner, ...lines.slice(i + 1)], 0, first.indent + 2);
        list.push(value);
        i = i + next;
      } else {
        list.push(parseScalar(rest, lines[i]?.number));
        i += 1;
      }
    }
    return [list, i];
  }
  return parseMapping(lines, start, first.indent);
};

const parseMapping = (lines: readonly Line[], start: number, indent: number): [YamlValue, number] => {
  const map: { [key: string]: YamlValue } = {};
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (!line || line.indent < indent) break;
    if (line.indent > indent) throw new CloudConfigError(`unexpected indentation on line ${line.number}`);
    const [key, rest] = splitKey(line.text, line.number);
    if (rest.trim() === '') {
      const next = lines[i + 1];
      const childIndent =
        next && (next.indent > indent || next.text.startsWith('-')) ? next.indent : indent + 1;
      const [value, after] =
        next && next.indent >= childIndent ? parseBlock(lines, i + 1, childIndent) : [null, i + 1];
      map[key] = value;
      i = after;
    } else {
      map[key] = parseScalar(rest, line.number);
      i += 1;
    }
  }
  return [map, i];
};

export const parseYaml = (source: string): YamlValue => {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    if (raw.includes('\t')) throw new CloudConfigError(`tab in indentation on line ${index + 1}`);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: index + 1 });
  });
  if (lines.length === 0) return null;
  const [value, end] = parseBlock(lines, 0, lines[0]?.indent ?? 0);
  if (end < lines.length) throw new CloudConfigError(`could not parse line ${lines[end]?.number}`);
  return value;
};
