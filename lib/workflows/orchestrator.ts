import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { getOptionalString } from '../config/env.js';
import { stateMachineArnEnvName } from '../config/env-names.js';

/**
 * Starts workflows. In AWS: Step Functions StartExecution on the state machine built from
 * `statemachines/<name>.asl.json`; locally: the ASL runner over the same file. Executions are
 * named after the object they work on, so a retried start is idempotent.
 */

export const workflowNames = ['protect', 'restore', 'delete', 'verify', 'retention', 'gc'] as const;
export type WorkflowName = (typeof workflowNames)[number];

export interface Orchestrator {
  start(
    workflow: WorkflowName,
    executionName: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<void>;
}

export class WorkflowUnavailable extends Error {
  override name = 'WorkflowUnavailable';
}

export class StepFunctionsOrchestrator implements Orchestrator {
  readonly #client: SFNClient;
  readonly #arnOf: (workflow: WorkflowName) => string | undefined;

  constructor(options: { client?: SFNClient; arnOf?: (workflow: WorkflowName) => string | undefined } = {}) {
    this.#client = options.client ?? new SFNClient({});
    this.#arnOf = options.arnOf ?? ((workflow) => getOptionalString(stateMachineArnEnvName(workflow)));
  }

  async start(
    workflow: WorkflowName,
    executionName: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const stateMachineArn = this.#arnOf(workflow);
    if (!stateMachineArn)
      throw new WorkflowUnavailable(`no state machine is configured for the ${workflow} workflow`);
    try {
      await this.#client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
