import { storeAt } from '../mover-jobs.js';
import { type StatesError, taskFailureReason } from '../states-error.js';
import { blockStoreUrl, projectSession, taskBank, taskRuns } from '../task-context.js';
import { type DeleteRequest, deleteCheckpointData, finishDelete } from './delete-run.js';

/** The delete workflow's tasks, bound to the process's Bank, block store and clouds. */

export interface DeleteCheckpointInput {
  readonly request: DeleteRequest;
  /** `$$.Execution.StartTime`: the snapshot deletion's deadline counts from it */
  readonly started_at: string;
}

export const deleteCheckpointTask = (input: DeleteCheckpointInput) =>
  deleteCheckpointData(
    {
      bank: taskBank(),
      runs: taskRuns(),
      store: storeAt(blockStoreUrl()),
      session: projectSession,
      now: new Date(),
    },
    input.request,
    input.started_at,
  );

export interface FinishDeleteInput {
  readonly request: DeleteRequest;
  readonly error: StatesError;
}

export const finishDeleteTask = (input: FinishDeleteInput) =>
  finishDelete(taskBank(), input.request, taskFailureReason(input.error), new Date());
