import type { WorkflowContext } from './workflow-context.js';

/**
 * What a Catch path hands its next state (`ResultPath: "$.error"`), and the shape every
 * workflow's Finish task shares: the run's context once its Start task made it, else the
 * execution's input, plus the error when the workflow stopped on a Catch path.
 */
export interface StatesError {
  readonly Error?: string;
  readonly Cause?: string;
}

export interface FinishInput<Request> {
  /** the run, once the Start task made it */
  readonly context?: WorkflowContext;
  /** the execution's input, when the Start task itself failed */
  readonly request?: Partial<Request>;
  /** set on the Catch paths: why the workflow stopped */
  readonly error?: StatesError | null;
}

export interface FinishOptions {
  /** why the workflow itself failed before or between resources (its Catch path) */
  readonly workflowError?: string | undefined;
}

/** The reason a Lambda task failed, from the Cause Step Functions recorded. */
export const taskFailureReason = (error: StatesError): string => {
  const cause = error.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string; errorType?: string };
    if (parsed.errorMessage) return parsed.errorMessage;
  } catch {
    // not JSON: the cause is the reason
  }
  return cause || error.Error || 'unknown error';
};

export const finishOptionsOf = (input: Pick<FinishInput<unknown>, 'error'>): FinishOptions => ({
  workflowError: input.error ? taskFailureReason(input.error) : undefined,
});
