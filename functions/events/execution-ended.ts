import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '../../lib/observability/powertools.js';
import { type ExecutionStatusDetail, endedExecutionOf } from '../../lib/workflows/execution-events.js';
import { reconcileEndedExecution } from '../../lib/workflows/reconcile.js';
import { taskBank } from '../../lib/workflows/task-context.js';

/** Repairs what a failed, timed-out or aborted workflow execution left running (lib/workflows/reconcile.ts). */
export const handler = async (event: EventBridgeEvent<string, ExecutionStatusDetail>): Promise<void> => {
  const ended = endedExecutionOf(event.detail);
  if (!ended) return;
  const repaired = await reconcileEndedExecution(taskBank(), ended);
  if (repaired)
    logger.warn('repaired after an execution ended without success', { repaired, status: ended.status });
};
