/**
 * The one place that reads process.env. Every setting a user can change is named here, so the
 * README's table of options and the code cannot drift apart.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const readString = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

const getString = (name: string, fallback: string): string => readString(name) ?? fallback;

const getOptionalString = (name: string): string | undefined => readString(name);

const getRequiredString = (name: string): string => {
  const value = readString(name);
  if (value === undefined) throw new ConfigError(`environment variable ${name} is required`);
  return value;
};

const getInteger = (name: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number => {
  const raw = readString(name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min) throw new ConfigError(`${name} must be at least ${min}, got ${value}`);
  return value;
};

const getChoice = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
  const raw = readString(name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
};

export { getChoice, getInteger, getOptionalString, getRequiredString, getString };
