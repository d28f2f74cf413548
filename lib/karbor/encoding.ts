/** Karbor's value encodings (reference §1.7). */

/** `YYYY-MM-DDTHH:MM:SS.ffffff`, no zone, as oslo jsonutils writes datetimes. */
export const karborDateTime = (iso: string | undefined | null): string | null => {
  if (!iso) return null;
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 19)}.${String(date.getUTCMilliseconds()).padStart(3, '0')}000`;
};

/** Checkpoint `created_at` is a date only. */
export const karborDate = (iso: string): string => iso.slice(0, 10);

/** Versioned-object "dict of strings": every leaf becomes a string (`False`, `3`, ...). */
export const stringLeaves = (value: unknown): unknown => {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, stringLeaves(v)]),
    );
  }
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
};

export const stringLeavesOf = (value: Record<string, unknown> | undefined | null): Record<string, unknown> =>
  (stringLeaves(value ?? {}) as Record<string, unknown>) ?? {};
