import type { Context } from 'aws-lambda';
import { logger } from '../observability/powertools.js';

/**
 * Wraps a workflow task as a Lambda handler: structured logs with the task name and the
 * Lambda context, and errors rethrown with their own name, which is what Step Functions'
 * Retry and Catch match on (`States.TaskFailed` covers them all).
 */
export const taskHandler =
  <I, O>(name: string, task: (input: I, context?: Context) => Promise<O>) =>
  async (event: I, context?: Context): Promise<O> => {
    if (context) logger.addContext(context);
    logger.appendKeys({ task: name });
    try {
      return await task(event, context);
    } catch (error) {
      logger.warn('task failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['task']);
    }
  };
