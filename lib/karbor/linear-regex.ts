/**
 * Regular expressions matched in time linear in the text, whatever the pattern: Karbor's list
 * filters (`name`, `description`, `properties`, `operation_definition`) are regexes run by the
 * database (`REGEXP` on MySQL/SQLite; reference §1.6), and a tenant's pattern must never make
 * one request run for seconds (issue 17: `^(a+)+$` held the event loop 22 s with `RegExp`).
 *
 * The pattern is compiled to a Thompson NFA and run as a Pike VM (Russ Cox, "Regular
 * Expression Matching: the Virtual Machine Approach"): every text position advances all live
 * states at once, so the cost is O(text length × program size) and program size is bounded.
 * Syntax is the common subset of Python `re` and MySQL REGEXP: literals, `.`, classes with
 * ranges and `\d\w\s` (and negations), anchors `^ $ \A \Z`, `\b \B`, groups (capturing,
 * `(?:…)`, named), alternation, `* + ? {m} {m,} {m,n}` (lazy forms too). Constructs that need
 * backtracking (backreferences, look-around) or change the rules (inline flags, POSIX classes)
 * are refused with `UnsupportedPattern`; so is a pattern longer than `maxPatternLength` or
 * compiling to more than `maxProgramSize` instructions. Matching is a search (unanchored)
 * and case-sensitive, as Python's `re.search` that Karbor's SQLite REGEXP used.
 */

export const maxPatternLength = 255;
export const maxProgramSize = 2_000;
const maxRepeat = 1_000;
const maxGroupDepth = 32;

export class UnsupportedPattern extends Error {
  override name = 'UnsupportedPattern';
}

type Range = readonly [number, number];
interface CharSet {
  readonly ranges: readonly Range[];
  readonly negated: boolean;
}
type Assertion = 'start' | 'end' | 'wordBoundary' | 'notWordBoundary';
type Node =
  | { readonly kind: 'set'; readonly set: CharSet }
  | { readonly kind: 'assert'; readonly assertion: Assertion }
  | { readonly kind: 'concat'; readonly parts: readonly Node[] }
  | { readonly kind: 'alternation'; readonly options: readonly Node[] }
  | { readonly kind: 'repeat'; readonly node: Node; readonly min: number; readonly max: number };

const code = (char: string): number => char.codePointAt(0) as number;
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

const inSet = (set: CharSet, value: number): boolean =>
  set.ranges.some(([low, high]) => value >= low && value <= high) !== set.negated;

const isWordChar = (value: number | undefined): boolean =>
  value !== undefined && word.some(([low, high]) => value >= low && value <= high);

/** Recursive descent over the pattern's code points; depth is bounded by `maxGroupDepth`. */
class Parser {
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

type Instruction =
  | { readonly op: 'set'; readonly set: CharSet }
  | { readonly op: 'assert'; readonly assertion: Assertion }
  | { readonly op: 'split'; x: number; y: number }
  | { readonly op: 'jump'; to: number }
  | { readonly op: 'match' };

/** Emits the NFA program; counted repeats are unrolled, so their size is checked as they grow. */
class Compiler {
  readonly program: Instruction[] = [];

  #emit(instruction: Instruction): number {
    if (this.program.length >= maxProgramSize)
      throw new UnsupportedPattern(`the pattern is too complex (over ${maxProgramSize} steps)`);
    this.program.push(instruction);
    return this.program.length - 1;
  }

  compile(node: Node): Instruction[] {
    this.#node(node);
    this.#emit({ op: 'match' });
    return this.program;
  }

  #node(node: Node): void {
    switch (node.kind) {
      case 'set':
        this.#emit({ op: 'set', set: node.set });
        return;
      case 'assert':
        this.#emit({ op: 'assert', assertion: node.assertion });
        return;
      case 'concat':
        for (const part of node.parts) this.#node(part);
        return;
      case 'alternation':
        this.#alternation(node.options);
        return;
      case 'repeat':
        this.#repeat(node.node, node.min, node.max);
    }
  }

  #alternation(options: readonly Node[]): void {
    const jumps: { op: 'jump'; to: number }[] = [];
    for (const [index, option] of options.entries()) {
      if (index === options.length - 1) {
        this.#node(option);
        break;
      }
      const split = { op: 'split' as const, x: 0, y: 0 };
      this.#emit(split);
      split.x = this.program.length;
      this.#node(option);
      const jump = { op: 'jump' as const, to: 0 };
      this.#emit(jump);
      jumps.push(jump);
      split.y = this.program.length;
    }
    for (const jump of jumps) jump.to = this.program.length;
  }

  #repeat(node: Node, min: number, max: number): void {
    for (let count = 0; count < min; count++) this.#node(node);
    if (max === Number.POSITIVE_INFINITY) {
      const split = { op: 'split' as const, x: 0, y: 0 };
      const start = this.#emit(split);
      split.x = this.program.length;
      this.#node(node);
      this.#emit({ op: 'jump', to: start });
      split.y = this.program.length;
      return;
    }
    const splits: { op: 'split'; x: number; y: number }[] = [];
    for (let count = min; count < max; count++) {
      const split = { op: 'split' as const, x: 0, y: 0 };
      this.#emit(split);
      split.x = this.program.length;
      splits.push(split);
      this.#node(node);
    }
    for (const split of splits) split.y = this.program.length;
  }
}

const assertionHolds = (assertion: Assertion, text: readonly number[], at: number): boolean => {
  switch (assertion) {
    case 'start':
      return at === 0;
    case 'end':
      return at === text.length;
    case 'wordBoundary':
      return isWordChar(text[at - 1]) !== isWordChar(text[at]);
    case 'notWordBoundary':
      return isWordChar(text[at - 1]) === isWordChar(text[at]);
  }
};

/**
 * One search of a program over one text, run by the Pike VM: the set of live program counters
 * advances one code point at a time. `advance` does a bounded slice of work, so a caller can
 * interleave long searches with other work; `steps` counts the work done.
 */
class Search {
  readonly #program: readonly Instruction[];
  readonly #text: readonly number[];
  readonly #seen: Int32Array;
  readonly #stack: number[] = [];
  #current: number[] = [];
  #next: number[] = [];
  #at = 0;
  #result: boolean | undefined;
  steps = 0;

  constructor(program: readonly Instruction[], text: string) {
    this.#program = program;
    this.#text = Array.from(text, code);
    this.#seen = new Int32Array(program.length).fill(-1);
  }

  /** Runs until about `budget` more steps are spent; returns the result once known. */
  advance(budget: number): boolean | undefined {
    const limit = this.steps + budget;
    while (this.#result === undefined && this.steps < limit) this.#result = this.#step();
    return this.#result;
  }

  /** One text position: start a thread here, then move every live thread over the code point. */
  #step(): boolean | undefined {
    const at = this.#at;
    if (this.#addThread(this.#current, 0, at)) return true;
    const value = this.#text[at];
    if (value === undefined) return false;
    for (const pc of this.#current) {
      const instruction = this.#program[pc] as Instruction & { op: 'set' };
      if (inSet(instruction.set, value) && this.#addThread(this.#next, pc + 1, at + 1)) return true;
    }
    this.steps += this.#current.length + 1;
    [this.#current, this.#next] = [this.#next, this.#current];
    this.#next.length = 0;
    this.#at++;
    return undefined;
  }

  /** Adds `start` and every state reachable from it without consuming input; true on a match. */
  #addThread(list: number[], start: number, at: number): boolean {
    const stack = this.#stack;
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (this.#seen[pc] === at) continue;
      this.#seen[pc] = at;
      this.steps++;
      const instruction = this.#program[pc] as Instruction;
      if (instruction.op === 'match') {
        stack.length = 0;
        return true;
      }
      if (instruction.op === 'jump') stack.push(instruction.to);
      else if (instruction.op === 'split') stack.push(instruction.y, instruction.x);
      else if (instruction.op === 'assert') {
        if (assertionHolds(instruction.assertion, this.#text, at)) stack.push(pc + 1);
      } else list.push(pc);
    }
    return false;
  }
}

export interface LinearRegex {
  /** True when the pattern matches somewhere in `text` (a search, as `re.search`). */
  test(text: string): boolean;
  /** The same search, done in slices of about `budget` steps by the caller. */
  search(text: string): { advance(budget: number): boolean | undefined; readonly steps: number };
}

/** Compiles `pattern`, or throws `UnsupportedPattern` saying why it cannot be served. */
export const compileLinearRegex = (pattern: string): LinearRegex => {
  if ([...pattern].length > maxPatternLength)
    throw new UnsupportedPattern(`a pattern is at most ${maxPatternLength} characters`);
  const program = new Compiler().compile(new Parser(pattern).parse());
  return {
    test: (text) => new Search(program, text).advance(Number.POSITIVE_INFINITY) as boolean,
    search: (text) => new Search(program, text),
  };
};
