/**
 * The construct ID for a kebab-case name (`scheduled-operations` → `ScheduledOperations`).
 * Logical IDs derive from it, so changing this mapping replaces resources.
 */
export const constructIdOf = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
