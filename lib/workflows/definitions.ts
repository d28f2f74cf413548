import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The state-machine files are the single definition of every workflow. Both infra/ (as
 * DefinitionSubstitutions) and local/ (before handing the JSON to the ASL runner) fill their
 * `${Placeholder}` values through `substituteDefinition`, so AWS and local mode cannot drift.
 */

export const stateMachinesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'statemachines');

const suffix = '.asl.json';

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

export const workflowFiles = (dir = stateMachinesDir): { name: string; path: string }[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => ({ name: basename(file, suffix), path: join(dir, file) }));

const placeholderPattern = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export const placeholdersOf = (definition: string): string[] =>
  [...new Set([...definition.matchAll(placeholderPattern)].map((match) => match[1] as string))].sort();

/** Replaces every `${Name}`; a placeholder without a value is an error, never left in place. */
export const substituteDefinition = (
  definition: string,
  values: Readonly<Record<string, string>>,
): string => {
  const missing = placeholdersOf(definition).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new DefinitionError(`no value for placeholder(s) ${missing.join(', ')}`);
  return definition.replace(placeholderPattern, (_, name: string) => values[name] as string);
};

export const readDefinition = (path: string): string => readFileSync(path, 'utf8');
