import { logger as sharedLogger } from '../lib/observability/powertools.js';
import {
  type Orchestrator,
  type WorkflowName,
  WorkflowUnavailable,
  workflowNames,
} from '../lib/workflows/orchestrator.js';
import { type EndedExecution, reconcileEndedExecution } from '../lib/workflows/reconcile.js';
import { taskBank } from '../lib/workflows/task-context.js';
import { AslRunner, type AslRunnerOptions, type ExecutionOutcome } from './asl-runner.js';
import { localExecutionArn } from './local-workflow-values.js';
import type { ChildExecutions, Json } from './task-bindings.js';

/**
 * Local mode's orchestrator: runs `statemachines/<workflow>.asl.json` with the ASL runner, in
 * the background, one execution per name. A workflow that cannot run (file missing, bad JSON,
 * missing placeholder, JSONata, a Task it cannot bind) is refused at start with the reason, so
 * the object it was started for ends in error instead of waiting forever.
 */

export type LocalExecutionStatus = 'RUNNING' | ExecutionOutcome['status'];

export interface LocalExecution {
  readonly name: string;
  readonly workflow: WorkflowName;
  readonly input: Json;
  readonly status: LocalExecutionStatus;
  readonly outcome?: ExecutionOutcome;
}

/** The part of the Powertools logger the orchestrator uses. */
export interface WorkflowLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

interface Entry {
  execution: LocalExecution;
  readonly done: Promise<LocalExecution>;
}

export class LocalOrchestrator implements Orchestrator {
  readonly #runner: AslRunner;
  readonly #logger: WorkflowLogger;
  readonly #executions = new Map<string, Entry>();

  readonly #reconcile: (ended: EndedExecution) => Promise<string | undefined>;

  constructor(
    options: AslRunnerOptions & {
      logger?: WorkflowLogger;
      /** repairs what a failed execution left running (default: the Bank's reconcileEndedExecution) */
      reconcile?: (ended: EndedExecution) => Promise<string | undefined>;
    } = {},
  ) {
    const children: ChildExecutions = {
      start: async (workflow, name, input) => {
        if (!(workflowNames as readonly string[]).includes(workflow))
          throw new WorkflowUnavailable(`there is no ${workflow} workflow`);
        await this.start(workflow as WorkflowName, name, input as Readonly<Record<string, unknown>>);
      },
      outcome: async (name) => {
        const ended = await this.waitFor(name);
        return ended.outcome ?? { status: 'FAILED', error: 'States.Runtime', cause: `${name} did not end` };
      },
    };
    this.#runner = new AslRunner({ executions: children, ...options });
    this.#logger = options.logger ?? sharedLogger;
    this.#reconcile = options.reconcile ?? ((ended) => reconcileEndedExecution(taskBank(), ended));
  }

  async start(
    workflow: WorkflowName,
    executionName: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (this.#executions.has(executionName)) return;
    let prepared: ReturnType<AslRunner['prepare']>;
    try {
      prepared = this.#runner.prepare(workflow);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WorkflowUnavailable(reason, { cause: error });
    }
    const json = JSON.parse(JSON.stringify(input)) as Json;
    const entry: Entry = {
      execution: { name: executionName, workflow, input: json, status: 'RUNNING' },
      done: this.#runner
        .run(prepared, executionName, json)
        .then((outcome) => this.#end(executionName, outcome))
        .then((execution) => this.#repair(execution)),
    };
    this.#executions.set(executionName, entry);
    this.#logger.info('workflow execution started', { workflow, executionName });
  }

  /** Every execution started so far, running or ended. */
  executions(): LocalExecution[] {
    return [...this.#executions.values()].map((entry) => entry.execution);
  }

  /** Resolves when the named execution has ended; rejects if no execution has that name. */
  async waitFor(executionName: string): Promise<LocalExecution> {
    const entry = this.#executions.get(executionName);
    if (!entry) throw new WorkflowUnavailable(`no local execution is named ${executionName}`);
    return entry.done;
  }

  /** As AWS's execution-status rule does: nothing a failed execution worked on stays running. */
  async #repair(execution: LocalExecution): Promise<LocalExecution> {
    const outcome = execution.outcome;
    const input = execution.input as Record<string, unknown>;
    if (outcome?.status !== 'FAILED' || typeof input.project_id !== 'string') return execution;
    try {
      const repaired = await this.#reconcile({
        workflow: execution.workflow,
        input,
        status: outcome.status,
        error: outcome.error,
        cause: outcome.cause,
        executionArn: localExecutionArn(execution.workflow, execution.name),
      });
      if (repaired)
        this.#logger.info('repaired after failed execution', { executionName: execution.name, repaired });
    } catch (error) {
      this.#logger.error('could not repair after failed execution', {
        executionName: execution.name,
        error: (error as Error).message,
      });
    }
    return execution;
  }

  #end(executionName: string, outcome: ExecutionOutcome): LocalExecution {
    const entry = this.#executions.get(executionName) as Entry;
    entry.execution = { ...entry.execution, status: outcome.status, outcome };
    const { workflow } = entry.execution;
    if (outcome.status === 'SUCCEEDED')
      this.#logger.info('workflow execution succeeded', { workflow, executionName, status: outcome.status });
    else
      this.#logger.error('workflow execution failed', {
        workflow,
        executionName,
        status: outcome.status,
        error: outcome.error,
        cause: outcome.cause,
      });
    return entry.execution;
  }
}
