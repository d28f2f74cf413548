/**
 * The pattern syntax of linear-regex.ts: a parser from pattern text to a small AST of
 * character sets, assertions, concatenations, alternations and bounded repeats. Whatever
 * needs backtracking or another dialect is refused here with `UnsupportedPattern`.
 */

export const maxPatternLength = 255;
export const maxProgramSize = 2_000;
const maxRepeat = 1_000;
const maxGroupDepth = 32;

export class UnsupportedPattern extends Error {
  override name = 'UnsupportedPattern';
}

type Range = readonly [number, number];
export interface CharSet {
  readonly ranges: readonly Range[];
  readonly negated: boolean;
}
export type Assertion = 'start' | 'end' | 'wordBoundary' | 'notWordBoundary';
export type Node =
  | { readonly kind: 'set'; readonly set: CharSet }
  | { readonly kind: 'assert'; readonly assertion: Assertion }
  | { readonly kind: 'concat'; readonly parts: readonly Node[] }
  | { readonly kind: 'alternation'; readonly options: readonly Node[] }
  | { readonly kind: 'repeat'; readonly node: Node; readonly min: number; readonly max: number };

export const code = (char: string): number => char.codePointAt(0) as number;
const digit: Range[] = [[0x30, 0x39]];
const word: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const space: Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
];
const newline = 0x0a;
const anyButNewline: CharSet = { ranges: [[newline, newline]], negated: true };
const classEscapes: Readonly<Record<string, CharSet>> = {
  d: { ranges: digit, negated: false },
  D: { ranges: digit, negated: true },
  w: { ranges: word, negated: false },
  W: { ranges: word, negated: true },
  s: { ranges: space, negated: false },
  S: { ranges: space, negated: true },
};
const controlEscapes: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const assertionEscapes: Readonly<Record<string, Assertion>> = {
  A: 'start',
  Z: 'end',
  b: 'wordBoundary',
  B: 'notWordBoundary',
};

const literal = (value: number): Node => ({ kind: 'set', set: { ranges: [[value, value]], negated: false } });

export const inSet = (set: CharSet, value: number): boolean =>
  set.ranges.some(([low, high]) => value >= low && value <= high) !== set.negated;

export const isWordChar = (value: number | undefined): boolean =>
  value !== undefined && word.some(([low, high]) => value >= low && value <= high);

/** Recursive descent over the pattern's code points; depth is bounded by `maxGroupDepth`. */
export class Parser {
  readonly #chars: string[];
  #at = 0;
  #depth = 0;

  constructor(pattern: string) {
    this.#chars = [...pattern];
  }

  parse(): Node {
    const node = this.#alternation();
    if (this.#at < this.#chars.length) throw new UnsupportedPattern(`unbalanced parenthesis at ${this.#at}`);
    return node;
  }

  #peek(offset = 0): string | undefined {
    return this.#chars[this.#at + offset];
  }

  #next(): string {
    const char = this.#chars[this.#at++];
    if (char === undefined) throw new UnsupportedPattern('the pattern ends too early');
    return char;
  }

  #alternation(): Node {
    const options = [this.#concatenation()];
    while (this.#peek() === '|') {
      this.#at++;
      options.push(this.#concatenation());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alternation', options };
  }

  #concatenation(): Node {
    const parts: Node[] = [];
    for (let char = this.#peek(); char !== undefined && char !== '|' && char !== ')'; char = this.#peek()) {
      parts.push(this.#quantified(this.#atom()));
    }
    return { kind: 'concat', parts };
  }

  #quantified(node: Node): Node {
    const bounds = this.#quantifier();
    if (bounds === undefined) return node;
    if (this.#peek() === '?') this.#at++;
    if (this.#quantifier() !== undefined) throw new UnsupportedPattern('multiple repeat');
    if (node.kind === 'assert') throw new UnsupportedPattern('nothing to repeat');
    return { kind: 'repeat', node, min: bounds[0], max: bounds[1] };
  }

  /** Consumes a quantifier and returns its bounds; `{` that is not one stays a literal. */
  #quantifier(): [number, number] | undefined {
    const char = this.#peek();
    if (char === '*' || char === '+' || char === '?') {
      this.#at++;
      return char === '*'
        ? [0, Number.POSITIVE_INFINITY]
        : char === '+'
          ? [1, Number.POSITIVE_INFINITY]
          : [0, 1];
    }
    if (char !== '{') return undefined;
    const rest = this.#chars.slice(this.#at, this.#at + 16).join('');
    const found = /^\{(\d*)(,?)(\d*)\}/.exec(rest);
    if (!found || (found[1] === '' && found[3] === '')) return undefined;
    this.#at += [...found[0]].length;
    const min = found[1] === '' ? 0 : Number(found[1]);
    const max = found[2] === '' ? min : found[3] === '' ? Number.POSITIVE_INFINITY : Number(found[3]);
    if (min > maxRepeat || (Number.isFinite(max) && max > maxRepeat))
      throw new UnsupportedPattern(`a repeat count is at most ${maxRepeat}`);
    if (max < min) throw new UnsupportedPattern('min repeat greater than max repeat');
    return [min, max];
  }

  #atom(): Node {
    const char = this.#next();
    switch (char) {
      case '(':
        return this.#group();
      case '[':
        return { kind: 'set', set: this.#charClass() };
      case '.':
        return { kind: 'set', set: anyButNewline };
      case '^':
        return { kind: 'assert', assertion: 'start' };
      case '$':
        return { kind: 'assert', assertion: 'end' };
      case '\\':
        return this.#escape();
      case '*':
      case '+':
      case '?':
        throw new UnsupportedPattern('nothing to repeat');
      default:
        return literal(code(char));
    }
  }

  #group(): Node {
    if (this.#peek() === '?') this.#groupPrefix();
    if (++this.#depth > maxGroupDepth)
      throw new UnsupportedPattern(`groups nest at most ${maxGroupDepth} deep`);
    const node = this.#alternation();
    this.#depth--;
    if (this.#peek() !== ')') throw new UnsupportedPattern('missing )');
    this.#at++;
    return node;
  }

  /** `(?:…)` and named groups act as plain groups; look-around and flags need another engine. */
  #groupPrefix(): void {
    this.#at++;
    const kind = this.#peek();
    if (kind === ':') {
      this.#at++;
      return;
    }
    const named = /^(P?<)[A-Za-z_][A-Za-z0-9_]*>/.exec(this.#chars.slice(this.#at, this.#at + 40).join(''));
    if (named) {
      this.#at += named[0].length;
      return;
    }
    throw new UnsupportedPattern(
      `(?${kind ?? ''}…) groups (look-around, flags, references) are not supported`,
    );
  }

  #escape(): Node {
    const char = this.#next();
    const set = classEscapes[char];
    if (set) return { kind: 'set', set };
    const assertion = assertionEscapes[char];
    if (assertion) return { kind: 'assert', assertion };
    return literal(this.#escapedValue(char));
  }

  #escapedValue(char: string): number {
    const control = controlEscapes[char];
    if (control !== undefined) return control;
    if (char === 'x' || char === 'u') {
      const length = char === 'x' ? 2 : 4;
      const hex = this.#chars.slice(this.#at, this.#at + length).join('');
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex))
        throw new UnsupportedPattern(`bad escape \\${char}`);
      this.#at += length;
      return Number.parseInt(hex, 16);
    }
    if (/^[0-9A-Za-z]$/.test(char))
      throw new UnsupportedPattern(`\\${char} (a reference or an unknown escape) is not supported`);
    return code(char);
  }

  #charClass(): CharSet {
    const negated = this.#peek() === '^';
    if (negated) this.#at++;
    const ranges: Range[] = [];
    let first = true;
    while (this.#peek() !== ']' || first) {
      first = false;
      if (this.#peek() === '[' && this.#peek(1) === ':')
        throw new UnsupportedPattern('POSIX classes ([:alpha:]) are not supported');
      const low = this.#classMember(ranges);
      if (low === undefined) continue;
      if (this.#peek() === '-' && this.#peek(1) !== ']' && this.#peek(1) !== undefined) {
        this.#at++;
        const high = this.#classMember(ranges);
        if (high === undefined || high < low) throw new UnsupportedPattern('bad character range');
        ranges.push([low, high]);
      } else ranges.push([low, low]);
    }
    this.#at++;
    return { ranges, negated };
  }

  /** One class member: a code point, or (returning undefined) a `\d`-like set added to `ranges`. */
  #classMember(ranges: Range[]): number | undefined {
    const char = this.#next();
    if (char !== '\\') return code(char);
    const escaped = this.#next();
    const set = classEscapes[escaped];
    if (!set) return escaped === 'b' ? 8 : this.#escapedValue(escaped);
    if (set.negated) throw new UnsupportedPattern(`\\${escaped} inside a class is not supported`);
    ranges.push(...set.ranges);
    return undefined;
  }
}
