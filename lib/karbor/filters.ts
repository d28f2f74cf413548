import { setImmediate as nextTurn } from 'node:timers/promises';
import { BadRequest } from './faults.js';
import { compileLinearRegex, type LinearRegex, UnsupportedPattern } from './linear-regex.js';

/**
 * Karbor's DB filters (reference §1.6): some fields match as regular expressions (skipped
 * when the value is not a string), the others exactly (a list means "any of").
 *
 * Karbor handed regex filters to the database (`REGEXP`); here they run in this process, on
 * data of one or (for admins) all tenants, so they must cost the same whatever the tenant
 * sends: patterns are matched by a linear-time engine (linear-regex.ts), a pattern it cannot
 * serve is a 400, and one request may spend at most `requestWorkBudget` steps (a 400 past
 * it; about two seconds of CPU). Local mode serves every tenant on one event loop, so the
 * work is done in slices of about a millisecond, and the slices of all requests take turns
 * in one lane, one slice per turn of the event loop: however many expensive filters run,
 * another request waits at most one slice per turn it needs.
 */

/** Work between two turns of the event loop: about a millisecond. */
const sliceSteps = 10_000;
export const requestWorkBudget = 20_000_000;

const textOf = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const equals = (actual: unknown, expected: unknown): boolean => {
  if (Array.isArray(expected)) return expected.some((candidate) => equals(actual, candidate));
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected);
  return textOf(actual) === textOf(expected);
};

const compileFilter = (field: string, pattern: string): LinearRegex => {
  try {
    return compileLinearRegex(pattern);
  } catch (error) {
    if (error instanceof UnsupportedPattern)
      throw new BadRequest(`Invalid filter ${field}: ${error.message}.`, { cause: error });
    throw error;
  }
};

/** The end of the queue of slices waiting for their turn, shared by every request of the process. */
let lane: Promise<void> = Promise.resolve();

/** Resolves on a later turn of the event loop than every slice queued before. */
const takeTurn = (): Promise<void> => {
  const turn = lane.then(() => nextTurn()).then(() => undefined);
  lane = turn;
  return turn;
};

/** Counts the steps a request spends, yields to the event loop between slices, stops at the budget. */
class WorkMeter {
  #spent = 0;
  #sinceTurn = 0;

  async spend(steps: number): Promise<void> {
    this.#spent += steps;
    this.#sinceTurn += steps;
    if (this.#spent > requestWorkBudget)
      throw new BadRequest(
        'The list filters need more work than one request may use; use a simpler pattern.',
      );
    if (this.#sinceTurn >= sliceSteps) {
      this.#sinceTurn = 0;
      await takeTurn();
    }
  }

  async search(regex: LinearRegex, text: string): Promise<boolean> {
    const search = regex.search(text);
    for (;;) {
      const before = search.steps;
      const result = search.advance(sliceSteps);
      await this.spend(search.steps - before + 1);
      if (result !== undefined) return result;
    }
  }
}

export interface FilterSpec {
  readonly regexFields: readonly string[];
  /** Fields a filter may name; for restores, verifications and logs an unknown one empties the result. */
  readonly columns: readonly string[];
  readonly unknownFieldEmptiesResult?: boolean;
}

type ActiveFilter = { readonly field: string; readonly expected: unknown; readonly regex?: LinearRegex };

const activeFilters = (filters: Readonly<Record<string, unknown>>, spec: FilterSpec): ActiveFilter[] =>
  Object.entries(filters)
    .filter(([field, value]) => {
      if (field === 'project_id') return false;
      return !(spec.regexFields.includes(field) && typeof value !== 'string');
    })
    .map(([field, expected]) =>
      spec.regexFields.includes(field)
        ? { field, expected, regex: compileFilter(field, expected as string) }
        : { field, expected },
    );

const passes = async (item: object, filters: readonly ActiveFilter[], meter: WorkMeter): Promise<boolean> => {
  for (const { field, expected, regex } of filters) {
    const actual = (item as Record<string, unknown>)[field];
    const matched = regex ? await meter.search(regex, textOf(actual)) : equals(actual, expected);
    if (!regex) await meter.spend(1);
    if (!matched) return false;
  }
  return true;
};

/** The items that pass every filter; patterns are checked (400) before any item is looked at. */
export const applyFilters = async <T extends object>(
  items: readonly T[],
  filters: Readonly<Record<string, unknown>>,
  spec: FilterSpec,
): Promise<T[]> => {
  const active = activeFilters(filters, spec);
  if (spec.unknownFieldEmptiesResult && active.some(({ field }) => !spec.columns.includes(field))) return [];
  const known = active.filter(({ field }) => spec.columns.includes(field));
  const meter = new WorkMeter();
  const kept: T[] = [];
  for (const item of items) if (await passes(item, known, meter)) kept.push(item);
  return kept;
};
