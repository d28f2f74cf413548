import './promise-with-resolvers.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  placeholdersOf,
  readDefinition,
  stateMachinesDir,
  substituteDefinition,
} from '../lib/workflows/definitions.js';
import { awsExecutionLimits, type ExecutionLimits, ExecutionLimitWatch } from './execution-limits.js';
import { localPlaceholderValues, localStateMachineArn } from './local-workflow-values.js';
import {
  bindTaskStates,
  type ChildExecutions,
  type Json,
  type TaskBinding,
  withTaskTimeouts,
} from './task-bindings.js';

/**
 * Runs `statemachines/<workflow>.asl.json` in-process with aws-local-stepfunctions: the file's
 * placeholders are filled with local values, and every Task state is bound by name to the task
 * handler or the mover child process (task-bindings.ts).
 */

const repositoryRoot = resolve(stateMachinesDir, '..');

export const defaultTasksDir = join(repositoryRoot, 'functions', 'tasks');

export class WorkflowDefinitionError extends Error {
  override name = 'WorkflowDefinitionError';
}

export interface AslRunnerOptions {
  /** Directory of `<workflow>.asl.json` files (default `statemachines/`). */
  readonly dir?: string;
  /** Directory of `<kebab-name>.ts` task handlers (default `functions/tasks/`). */
  readonly tasksDir?: string;
  /** Values of the fixed placeholders (default: from local configuration). */
  readonly fixedValues?: Readonly<Record<string, string>>;
  /** The mover command line (default `KARBOR_MOVER_COMMAND`). */
  readonly moverCommand?: string;
  /** Working directory of the mover (default: the repository root, where its default command resolves). */
  readonly moverCwd?: string;
  /** Milliseconds to wait before each retry, by state name (default: as the file says). */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
  /** Milliseconds a Wait state pauses, by state name. */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  /** Runs `states:startExecution` Tasks (the local orchestrator passes itself). */
  readonly executions?: ChildExecutions;
  /** Step Functions' history and payload quotas (default: AWS's). */
  readonly limits?: ExecutionLimits;
}

export interface PreparedWorkflow {
  readonly workflow: string;
  readonly file: string;
  readonly definition: StateMachineDefinition;
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

export interface ExecutionReport {
  readonly outcome: ExecutionOutcome;
  /** the events Step Functions would have written into the execution's history */
  readonly historyEvents: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const usesJsonata = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(usesJsonata)
    : isRecord(value) &&
      (value.QueryLanguage === 'JSONata' || Object.values(value).some((child) => usesJsonata(child)));

/**
 * aws-local-stepfunctions 3.0.0 never matches a Choice rule with `IsNull: false` or
 * `IsPresent: false` (it tests `rule === true && …`), where Step Functions matches "not null"
 * and "absent": the same file would branch differently in local mode.
 */
const negatedTypeTest = (value: unknown): string | undefined => {
  if (Array.isArray(value)) return value.map(negatedTypeTest).find(Boolean);
  if (!isRecord(value)) return undefined;
  for (const test of ['IsNull', 'IsPresent'])
    if (value[test] === false) return `${test}: false on ${String(value.Variable)}`;
  return Object.values(value).map(negatedTypeTest).find(Boolean);
};

const failureOf = (error: unknown): { error: string; cause: string } => {
  const failed = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failed instanceof Error) return { error: failed.name, cause: failed.message };
  return { error: 'States.Runtime', cause: String(failed) };
};

export class AslRunner {
  readonly #dir: string;
  readonly #tasksDir: string;
  readonly #options: AslRunnerOptions;

  constructor(options: AslRunnerOptions = {}) {
    this.#dir = options.dir ?? stateMachinesDir;
    this.#tasksDir = options.tasksDir ?? defaultTasksDir;
    this.#options = options;
  }

  /** Reads, substitutes, parses and checks a workflow file; throws WorkflowDefinitionError with the reason. */
  prepare(workflow: string): PreparedWorkflow {
    const file = join(this.#dir, `${workflow}.asl.json`);
    if (!existsSync(file))
      throw new WorkflowDefinitionError(`the ${workflow} workflow is not installed (${file} is missing)`);
    try {
      const raw = readDefinition(file);
      const substituted = substituteDefinition(
        raw,
        localPlaceholderValues(placeholdersOf(raw), this.#options.fixedValues),
      );
      const parsed = JSON.parse(substituted) as StateMachineDefinition;
      if (usesJsonata(parsed))
        throw new WorkflowDefinitionError(
          'it uses QueryLanguage JSONata, which the local runner would silently ignore; write it in JSONPath',
        );
      const negated = negatedTypeTest(parsed);
      if (negated)
        throw new WorkflowDefinitionError(
          `it uses ${negated}, which the local runner never matches; test for true and swap the branches`,
        );
      const definition = withTaskTimeouts(parsed);
      bindTaskStates(definition, { tasksDir: this.#tasksDir, executionName: 'check' });
      new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
      return { workflow, file, definition };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WorkflowDefinitionError(`${file} cannot run locally: ${reason}`, { cause: error });
    }
  }

  /** Runs one execution to its end; a failed execution is an outcome, not an exception. */
  async run(prepared: PreparedWorkflow, executionName: string, input: Json): Promise<ExecutionOutcome> {
    const stateMachineArn = localStateMachineArn(prepared.workflow);
    const bindings = bindTaskStates(prepared.definition, {
      tasksDir: this.#tasksDir,
      moverCommand: this.#options.moverCommand,
      moverCwd: this.#options.moverCwd ?? repositoryRoot,
      executionName,
      executions: this.#options.executions,
    });
    const report = await runDefinition({
      definition: prepared.definition,
      bindings,
      input,
      executionName,
      stateMachineArn,
      stateMachineName: `karbor-${prepared.workflow}`,
      retryIntervalOverrides: this.#options.retryIntervalOverrides,
      waitTimeOverrides: this.#options.waitTimeOverrides,
      limits: this.#options.limits,
    });
    return report.outcome;
  }
}

export interface DefinitionRun {
  /** A definition whose Task states all have a binding. */
  readonly definition: StateMachineDefinition;
  /** The implementation of each Task state, by state name. */
  readonly bindings: Readonly<Record<string, TaskBinding>>;
  readonly input: Json;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>> | undefined;
  readonly waitTimeOverrides?: Readonly<Record<string, number>> | undefined;
  readonly limits?: ExecutionLimits | undefined;
}

/**
 * Runs one execution of a bound definition, as Step Functions would: with the execution's
 * context object, and stopped with AWS's error when it breaks a history or payload quota
 * (execution-limits.ts); such a failure is not caught by any Catch.
 */
export const runDefinition = async (run: DefinitionRun): Promise<ExecutionReport> => {
  const machine = new StateMachine(run.definition, { validationOptions: { noValidate: true } });
  const watch = new ExecutionLimitWatch(run.limits ?? awsExecutionLimits);
  const execution = machine.run(run.input, {
    noThrowOnAbort: true,
    overrides: {
      taskResourceLocalHandlers: { ...run.bindings },
      retryIntervalOverrides: { ...run.retryIntervalOverrides },
      waitTimeOverrides: { ...run.waitTimeOverrides },
    },
    context: {
      Execution: {
        Id: `${run.stateMachineArn.replace(':stateMachine:', ':execution:')}:${run.executionName}`,
        Name: run.executionName,
        Input: run.input,
        StartTime: new Date().toISOString(),
        RoleArn: 'arn:aws:iam::000000000000:role/karbor-local',
      },
      StateMachine: { Id: run.stateMachineArn, Name: run.stateMachineName },
    },
  });
  const watching = watch.follow(execution.eventLogs, () => execution.abort());
  let outcome: ExecutionOutcome;
  try {
    outcome = { status: 'SUCCEEDED', output: (await execution.result) as Json };
  } catch (error) {
    outcome = { status: 'FAILED', ...failureOf(error) };
  }
  await watching;
  const exceeded = watch.exceeded;
  return {
    outcome: exceeded ? { status: 'FAILED', ...exceeded } : outcome,
    historyEvents: watch.historyEvents,
  };
};
