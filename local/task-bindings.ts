import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { startExecutionResources } from '../lib/workflows/definitions.js';
import { taskNameOfLocalArn, workflowOfLocalArn } from './local-workflow-values.js';
import { runMover } from './mover-launcher.js';

/**
 * Binds every Task state of a definition, by state name, to a local implementation:
 * `lambda:invoke` calls the task handler in-process, `ecs:runTask.sync` runs the mover as a
 * child process, `states:startExecution` (and `.sync:2`) starts the other workflow through the
 * local orchestrator. Any other resource is refused before the execution starts.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type TaskBinding = (input: Json) => Promise<Json>;

export const lambdaInvokeResource = 'arn:aws:states:::lambda:invoke';
export const ecsRunTaskSyncResource = 'arn:aws:states:::ecs:runTask.sync';

export class UnsupportedTaskError extends Error {
  override name = 'UnsupportedTaskError';
}

/** A task failure as Step Functions reports it: `name` is the States error name, `message` the Cause. */
export class TaskFailure extends Error {
  constructor(errorName: string, cause: string, options?: ErrorOptions) {
    super(cause, options);
    this.name = errorName;
  }
}

interface TaskState {
  readonly name: string;
  readonly resource: string;
  readonly parameters: unknown;
}

type StateRecord = Record<string, Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Task states of a machine and of its Map item processors and Parallel branches. */
export const taskStatesOf = (machine: unknown): TaskState[] => {
  if (!isRecord(machine) || !isRecord(machine.States)) return [];
  return Object.entries(machine.States as StateRecord).flatMap(([name, state]): TaskState[] => {
    if (state.Type === 'Task')
      return [{ name, resource: String(state.Resource), parameters: state.Parameters }];
    if (state.Type === 'Map') return taskStatesOf(state.ItemProcessor ?? state.Iterator);
    if (state.Type === 'Parallel' && Array.isArray(state.Branches))
      return state.Branches.flatMap(taskStatesOf);
    return [];
  });
};

/** How a Task starts another workflow locally (LocalOrchestrator implements it). */
type ChildOutcome =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED'; error: string; cause: string };

export interface ChildExecutions {
  start(workflow: string, name: string, input: Json): Promise<void>;
  /** Resolves when the execution has ended, with its outcome. */
  outcome(name: string): Promise<ChildOutcome>;
}

/** A `states:startExecution` Task's `Input`: JSON text or an object, as Step Functions takes it. */
export const childInputOf = (parameters: Record<string, unknown>): Json =>
  typeof parameters.Input === 'string'
    ? (JSON.parse(parameters.Input) as Json)
    : ((parameters.Input ?? {}) as Json);

/**
 * What a `.sync` / `.sync:2` startExecution Task answers once its child ended, as Step Functions
 * does: the child's failure as States.TaskFailed with the execution description as cause, or its
 * description with Input/Output as JSON text (`.sync`) or as JSON (`.sync:2`).
 */
export const childExecutionResult = (
  resource: string,
  child: { readonly executionArn: string; readonly input: Json; readonly startDate: string },
  outcome: ChildOutcome,
): Json => {
  if (outcome.status === 'FAILED')
    throw new TaskFailure(
      'States.TaskFailed',
      JSON.stringify({
        ExecutionArn: child.executionArn,
        Status: 'FAILED',
        Error: outcome.error,
        Cause: outcome.cause,
      }),
    );
  const sync2 = resource.endsWith(':2');
  return {
    ExecutionArn: child.executionArn,
    StartDate: child.startDate,
    StopDate: new Date().toISOString(),
    Status: 'SUCCEEDED',
    Input: sync2 ? child.input : JSON.stringify(child.input),
    Output: sync2 ? outcome.output : JSON.stringify(outcome.output),
  };
};

export interface BindingOptions {
  /** Where `<kebab-name>.ts` task handlers live. */
  readonly tasksDir: string;
  readonly moverCommand?: string;
  readonly moverCwd?: string;
  readonly executionName: string;
  /** @default - startExecution Tasks fail: nothing can run the other workflow */
  readonly executions?: ChildExecutions | undefined;
}

type TaskHandler = (event: unknown, context: Context) => unknown;

const lambdaContext = (functionName: string, executionName: string): Context => {
  const deadline = Date.now() + 900_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `${executionName}-${functionName}-${Date.now()}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

const lambdaCause = (error: unknown): string =>
  error instanceof Error
    ? JSON.stringify({ errorType: error.name, errorMessage: error.message })
    : JSON.stringify({ errorType: 'Error', errorMessage: String(error) });

const handlerFile = (state: TaskState, tasksDir: string): string => {
  const functionName = isRecord(state.parameters) ? state.parameters.FunctionName : undefined;
  const task = typeof functionName === 'string' ? taskNameOfLocalArn(functionName) : undefined;
  if (task === undefined)
    throw new UnsupportedTaskError(
      `state ${state.name}: FunctionName must be a \${<Name>TaskArn} placeholder, got ${JSON.stringify(functionName)}`,
    );
  const file = join(tasksDir, `${task}.ts`);
  if (!existsSync(file))
    throw new UnsupportedTaskError(`state ${state.name}: task handler ${file} is missing`);
  return file;
};

const bindLambda = (state: TaskState, options: BindingOptions): TaskBinding => {
  const file = handlerFile(state, options.tasksDir);
  const functionName = `karbor-${file.split('/').at(-1)?.replace(/\.ts$/, '')}`;
  return async (input) => {
    const module = (await import(pathToFileURL(file).href)) as { handler?: TaskHandler };
    if (typeof module.handler !== 'function')
      throw new TaskFailure('States.TaskFailed', lambdaCause(new Error(`${file} exports no handler`)));
    const event = isRecord(input) ? input.Payload : undefined;
    try {
      const result = await module.handler(event ?? {}, lambdaContext(functionName, options.executionName));
      // Lambda hands back JSON: what does not survive serialisation does not reach the next state.
      const payload = JSON.parse(JSON.stringify(result ?? null)) as Json;
      return { Payload: payload, StatusCode: 200, ExecutedVersion: '$LATEST' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new TaskFailure(name, lambdaCause(error), { cause: error });
    }
  };
};

interface ContainerOverride {
  Command?: unknown;
  Environment?: unknown;
}

const moverRunOf = (input: Json): { args: string[]; environment: Record<string, string> } => {
  const overrides = isRecord(input) && isRecord(input.Overrides) ? input.Overrides : {};
  const containers = Array.isArray(overrides.ContainerOverrides) ? overrides.ContainerOverrides : [];
  const container = (containers[0] ?? {}) as ContainerOverride;
  const args = Array.isArray(container.Command) ? container.Command.map(String) : [];
  const environment: Record<string, string> = {};
  if (Array.isArray(container.Environment))
    for (const entry of container.Environment)
      if (isRecord(entry) && typeof entry.Name === 'string')
        environment[entry.Name] = String(entry.Value ?? '');
  return { args, environment };
};

const bindEcsRunTask =
  (options: BindingOptions): TaskBinding =>
  async (input) => {
    const { exitCode, stderrTail } = await runMover(moverRunOf(input), {
      command: options.moverCommand,
      cwd: options.moverCwd,
    });
    const task = {
      LastStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      Containers: [{ Name: 'mover', ExitCode: exitCode, LastStatus: 'STOPPED' }],
    };
    if (exitCode === 0) return { Tasks: [task] };
    throw new TaskFailure(
      'States.TaskFailed',
      JSON.stringify({ ...task, StoppedReason: `mover exited with code ${exitCode}`, Stderr: stderrTail }),
    );
  };

const executionArnOf = (workflow: string, name: string): string =>
  `arn:aws:states:local:000000000000:execution:karbor-${workflow}:${name}`;

/**
 * `states:startExecution` starts the workflow its `StateMachineArn` names and answers at once;
 * `.sync` and `.sync:2` wait for it and fail as Step Functions does when the child fails
 * (`.sync:2` hands the output back as JSON, `.sync` as a string).
 */
const bindStartExecution = (state: TaskState, options: BindingOptions): TaskBinding => {
  const mode = startExecutionResources[state.resource as keyof typeof startExecutionResources];
  return async (input): Promise<Json> => {
    const executions = options.executions;
    if (!executions)
      throw new TaskFailure('States.TaskFailed', `state ${state.name}: no orchestrator runs other workflows`);
    const parameters = isRecord(input) ? input : {};
    const workflow = workflowOfLocalArn(String(parameters.StateMachineArn ?? ''));
    if (workflow === undefined)
      throw new TaskFailure(
        'States.TaskFailed',
        `state ${state.name}: StateMachineArn must be a \${<Workflow>WorkflowArn} placeholder, got ${JSON.stringify(parameters.StateMachineArn)}`,
      );
    const name =
      typeof parameters.Name === 'string'
        ? parameters.Name
        : `${options.executionName}-${state.name}-${Date.now()}`;
    const childInput = childInputOf(parameters);
    const startDate = new Date().toISOString();
    await executions.start(workflow, name, childInput);
    const executionArn = executionArnOf(workflow, name);
    if (mode === 'start') return { ExecutionArn: executionArn, StartDate: startDate };
    const outcome = await executions.outcome(name);
    return childExecutionResult(state.resource, { executionArn, input: childInput, startDate }, outcome);
  };
};

/**
 * Step Functions lets a Task without `TimeoutSeconds` run for up to a year; aws-local-stepfunctions
 * fails it with States.Timeout after 60 s, which would kill every real mover run. Such Tasks get
 * the longest timeout a Node timer can hold (about 24.8 days) instead.
 */
export const longestTaskTimeoutSeconds = 2_147_483;

export const withTaskTimeouts = <T>(machine: T): T => {
  if (!isRecord(machine) || !isRecord(machine.States)) return machine;
  const states = Object.fromEntries(
    Object.entries(machine.States as StateRecord).map(([name, state]) => {
      if (
        state.Type === 'Task' &&
        state.TimeoutSeconds === undefined &&
        state.TimeoutSecondsPath === undefined
      )
        return [name, { ...state, TimeoutSeconds: longestTaskTimeoutSeconds }];
      if (state.Type === 'Map') {
        const processor = state.ItemProcessor === undefined ? 'Iterator' : 'ItemProcessor';
        return [name, { ...state, [processor]: withTaskTimeouts(state[processor]) }];
      }
      if (state.Type === 'Parallel' && Array.isArray(state.Branches))
        return [name, { ...state, Branches: state.Branches.map(withTaskTimeouts) }];
      return [name, state];
    }),
  );
  return { ...machine, States: states };
};

/** One local implementation per Task state name; throws UnsupportedTaskError for anything it cannot run. */
export const bindTaskStates = (machine: unknown, options: BindingOptions): Record<string, TaskBinding> => {
  const bindings: Record<string, TaskBinding> = {};
  for (const state of taskStatesOf(machine)) {
    if (bindings[state.name])
      throw new UnsupportedTaskError(`state name ${state.name} is used by more than one Task state`);
    if (state.resource === lambdaInvokeResource) bindings[state.name] = bindLambda(state, options);
    else if (state.resource === ecsRunTaskSyncResource) bindings[state.name] = bindEcsRunTask(options);
    else if (state.resource in startExecutionResources)
      bindings[state.name] = bindStartExecution(state, options);
    else
      throw new UnsupportedTaskError(
        `state ${state.name}: resource ${state.resource} cannot run locally (only ${lambdaInvokeResource}, ${ecsRunTaskSyncResource} and ${Object.keys(startExecutionResources).join(', ')})`,
      );
  }
  return bindings;
};
