import { Supervisor } from '../supervisor.js';
import { type CommitBarrier, startCommitBarrier } from './commit-barrier.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

/**
 * The Bank of `npm start`: DynamoDB Local on the data directory, supervised (started again when
 * it dies), behind the commit barrier (an answered write is committed, so it survives a kill of
 * any process). Its endpoint is the barrier's and never changes; while DynamoDB Local restarts,
 * the barrier answers 503 ServiceUnavailable.
 */

export interface DurableDynamoDb {
  readonly endpoint: string;
  readonly supervisor: Supervisor;
  stop(): Promise<void>;
}

export const startDurableDynamoDb = async (options: {
  readonly dataDir: string;
  readonly log?: (line: string) => void;
}): Promise<DurableDynamoDb> => {
  let backend: string | undefined;
  const supervisor = new Supervisor({
    name: 'DynamoDB Local',
    start: async () => {
      const started = await startDynamoDbLocal({ dataDir: options.dataDir });
      backend = started.endpoint;
      started.process.once('exit', () => {
        if (backend === started.endpoint) backend = undefined;
      });
      return started.process;
    },
    ...(options.log ? { log: options.log } : {}),
  });
  await supervisor.start();
  let barrier: CommitBarrier;
  try {
    barrier = await startCommitBarrier({ backend: () => backend });
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
  return {
    endpoint: barrier.endpoint,
    supervisor,
    stop: async () => {
      await barrier.close();
      await supervisor.stop();
    },
  };
};
