/**
 * Karbor's DB filters (reference §1.6): some fields match as regular expressions (skipped
 * when the value is not a string), the others exactly (a list means "any of").
 */

const regexOf = (pattern: string): RegExp => {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
};

const textOf = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const equals = (actual: unknown, expected: unknown): boolean => {
  if (Array.isArray(expected)) return expected.some((candidate) => equals(actual, candidate));
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected);
  return textOf(actual) === textOf(expected);
};

export interface FilterSpec {
  readonly regexFields: readonly string[];
  /** Fields a filter may name; for restores, verifications and logs an unknown one empties the result. */
  readonly columns: readonly string[];
  readonly unknownFieldEmptiesResult?: boolean;
}

export const applyFilters = <T extends object>(
  items: readonly T[],
  filters: Readonly<Record<string, unknown>>,
  spec: FilterSpec,
): T[] => {
  const active = Object.entries(filters).filter(([key, value]) => {
    if (key === 'project_id') return false;
    if (spec.regexFields.includes(key) && typeof value !== 'string') return false;
    return true;
  });
  if (spec.unknownFieldEmptiesResult && active.some(([key]) => !spec.columns.includes(key))) return [];
  const known = active.filter(([key]) => spec.columns.includes(key));
  return items.filter((item) =>
    known.every(([key, expected]) => {
      const actual = (item as Record<string, unknown>)[key];
      return spec.regexFields.includes(key)
        ? regexOf(expected as string).test(textOf(actual))
        : equals(actual, expected);
    }),
  );
};
