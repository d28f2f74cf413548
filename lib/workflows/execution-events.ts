import { getOptionalString } from '../config/env.js';
import { stateMachineArnEnvName } from '../config/env-names.js';
import { type WorkflowName, workflowNames } from './orchestrator.js';
import type { EndedExecution } from './reconcile.js';

/** EventBridge's "Step Functions Execution Status Change" detail, the fields we read. */
export interface ExecutionStatusDetail {
  readonly executionArn?: string;
  readonly stateMachineArn?: string;
  readonly status?: string;
  readonly input?: string | null;
  readonly error?: string | null;
  readonly cause?: string | null;
}

const workflowOfArn = (arn: string | undefined): WorkflowName | undefined =>
  arn ? workflowNames.find((name) => getOptionalString(stateMachineArnEnvName(name)) === arn) : undefined;

const parsedInput = (input: string | null | undefined): Record<string, unknown> => {
  try {
    const value = JSON.parse(input ?? '{}') as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

/** The ended execution an event describes, or undefined for other machines and statuses. */
export const endedExecutionOf = (detail: ExecutionStatusDetail): EndedExecution | undefined => {
  const workflow = workflowOfArn(detail.stateMachineArn);
  if (!workflow || !detail.status || detail.status === 'SUCCEEDED' || detail.status === 'RUNNING')
    return undefined;
  return {
    workflow,
    input: parsedInput(detail.input),
    status: detail.status,
    error: detail.error ?? undefined,
    cause: detail.cause ?? undefined,
    executionArn: detail.executionArn,
  };
};
