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

/**
 * The substitution convention every workflow file follows:
 *
 * - `${<Name>TaskArn}` is the ARN of the task function built from `functions/tasks/<name>.ts`,
 *   `<Name>` in PascalCase and the file in kebab-case (`${SnapshotVolumeTaskArn}` →
 *   `functions/tasks/snapshot-volume.ts`). Use it as `"FunctionName"` of `lambda:invoke`.
 * - `${<Workflow>WorkflowArn}` is the ARN of another workflow's state machine
 *   (`${DeleteWorkflowArn}` → `statemachines/delete.asl.json`), for
 *   `arn:aws:states:::states:startExecution` (and `.sync:2`) as `"StateMachineArn"`. infra/
 *   grants the calling state machine exactly that; local/ runs it through the local orchestrator.
 * - Every other placeholder is one of `fixedPlaceholders`. All values are strings; two need
 *   care in JSON: `${MoverSubnetIds}` is comma-separated (split it with
 *   `States.StringSplit('${MoverSubnetIds}', ',')`) and `${MoverConcurrency}` is a number
 *   written without quotes (`"MaxConcurrency": ${MoverConcurrency}`), so a file is valid JSON
 *   only after substitution.
 */
export const fixedPlaceholders = [
  'MoverClusterArn',
  'MoverTaskDefinitionArn',
  'MoverContainerName',
  'MoverSubnetIds',
  'MoverSecurityGroupId',
  'BankTableName',
  'BlockBucketName',
  'BlockPrefix',
  'MoverConcurrency',
] as const;
export type FixedPlaceholder = (typeof fixedPlaceholders)[number];

const taskPlaceholderPattern = /^([A-Z][A-Za-z0-9]*)TaskArn$/;

/** The task function file name (without `.ts`) a placeholder names, or undefined if it names none. */
export const taskFunctionName = (placeholder: string): string | undefined => {
  const pascal = taskPlaceholderPattern.exec(placeholder)?.[1];
  return pascal?.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
};

const workflowPlaceholderPattern = /^([A-Z][A-Za-z0-9]*)WorkflowArn$/;

/** The workflow (file name without `.asl.json`) a placeholder names, or undefined if it names none. */
export const workflowOfPlaceholder = (placeholder: string): string | undefined => {
  const pascal = workflowPlaceholderPattern.exec(placeholder)?.[1];
  return pascal?.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
};

/** The Task resources that start another workflow's execution, and whether they wait for it. */
export const startExecutionResources = {
  'arn:aws:states:::states:startExecution': 'start',
  'arn:aws:states:::states:startExecution.sync': 'sync',
  'arn:aws:states:::states:startExecution.sync:2': 'sync',
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The workflows a definition starts, and whether it waits for them (`.sync`), read from its
 * Task states whose `StateMachineArn` is a `${<Workflow>WorkflowArn}` placeholder: what infra/
 * grants the state machine, exactly.
 */
export const startedWorkflows = (definition: string): { workflow: string; sync: boolean }[] => {
  const values = Object.fromEntries(
    placeholdersOf(definition).map((name) => {
      const workflow = workflowOfPlaceholder(name);
      return [name, workflow === undefined ? '0' : `workflow:${workflow}`];
    }),
  );
  const found = new Map<string, boolean>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    const mode = startExecutionResources[value.Resource as keyof typeof startExecutionResources];
    const target = isRecord(value.Parameters) ? value.Parameters.StateMachineArn : undefined;
    if (mode !== undefined) {
      if (typeof target !== 'string' || !target.startsWith('workflow:'))
        throw new DefinitionError(
          `a ${String(value.Resource)} Task must name its StateMachineArn as \${<Workflow>WorkflowArn}`,
        );
      const workflow = target.slice('workflow:'.length);
      found.set(workflow, (found.get(workflow) ?? false) || mode === 'sync');
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(JSON.parse(substituteDefinition(definition, values)));
  return [...found]
    .map(([workflow, sync]) => ({ workflow, sync }))
    .sort((a, b) => a.workflow.localeCompare(b.workflow));
};
