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

import {
  type Assertion,
  type CharSet,
  code,
  inSet,
  isWordChar,
  maxPatternLength,
  maxProgramSize,
  type Node,
  Parser,
  UnsupportedPattern,
} from './linear-regex-syntax.js';

export { maxPatternLength, maxProgramSize, UnsupportedPattern };

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
