import { type FinishInput, finishOptionsOf } from '../states-error.js';
import { taskBank, taskRuns } from '../task-context.js';
import { finishVerify, startVerify, type VerifyRequest } from './verify-run.js';

export const startVerifyTask = (input: VerifyRequest) => startVerify(taskBank(), input, new Date());

export type FinishVerifyInput = FinishInput<VerifyRequest>;

export const finishVerifyTask = async (input: FinishVerifyInput) => {
  const request = input.context
    ? {
        project_id: input.context.project_id,
        verification_id: input.context.run_id,
        checkpoint_id: input.context.checkpoint_id,
        operation_log_id: input.context.operation_log_id,
      }
    : input.request;
  if (!request?.project_id || !request.verification_id) return { status: 'fail' as const };
  return finishVerify(
    taskBank(),
    taskRuns(),
    {
      project_id: request.project_id,
      verification_id: request.verification_id,
      checkpoint_id: request.checkpoint_id ?? '',
      operation_log_id: request.operation_log_id ?? null,
    },
    new Date(),
    finishOptionsOf(input),
  );
};
