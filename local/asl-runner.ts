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
import { localPlaceholderValues, localStateMachineArn } from './local-workflow-values.js';
import { bindTaskStates, type ChildExecutions, type Json, withTaskTimeouts } from './task-bindings.js';

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
}

export interface PreparedWorkflow {
  readonly workflow: string;
  readonly file: string;
  readonly definition: StateMachineDefinition;
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const usesJsonata = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(usesJsonata)
    : isRecord(value) &&
      (value.QueryLanguage === 'JSONata' || Object.values(value).some((child) => usesJsonata(child)));

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
    const startTime = new Date().toISOString();
    const stateMachineArn = localStateMachineArn(prepared.workflow);
    const taskResourceLocalHandlers = bindTaskStates(prepared.definition, {
      tasksDir: this.#tasksDir,
      moverCommand: this.#options.moverCommand,
      moverCwd: this.#options.moverCwd ?? repositoryRoot,
      executionName,
      executions: this.#options.executions,
    });
    const machine = new StateMachine(prepared.definition, { validationOptions: { noValidate: true } });
    const execution = machine.run(input, {
      overrides: {
        taskResourceLocalHandlers,
        retryIntervalOverrides: { ...this.#options.retryIntervalOverrides },
        waitTimeOverrides: { ...this.#options.waitTimeOverrides },
      },
      context: {
        Execution: {
          Id: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`,
          Name: executionName,
          Input: input,
          StartTime: startTime,
          RoleArn: 'arn:aws:iam::000000000000:role/karbor-local',
        },
        StateMachine: { Id: stateMachineArn, Name: `karbor-${prepared.workflow}` },
      },
    });
    try {
      return { status: 'SUCCEEDED', output: (await execution.result) as Json };
    } catch (error) {
      return { status: 'FAILED', ...failureOf(error) };
    }
  }
}
