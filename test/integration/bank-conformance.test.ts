import { DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { type BankTarget, describeBankConformance } from '../../lib/bank/bank-conformance.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

/**
 * One Bank suite, two runtimes: DynamoDB Local (what `npm start` uses) and the DynamoDB that
 * AWS_ENDPOINT_URL names (moto here; LocalStack or, with KARBOR_TEST_REAL_AWS=1, AWS itself).
 */

const createTable: BankTarget['createTable'] = async (client, tableName) => {
  await ensureBankTable(client, tableName);
  await waitUntilTableExists({ client, maxWaitTime: 120 }, { TableName: tableName });
};

const clientAt = (endpoint: string | undefined) => () =>
  new DynamoDBClient(endpoint === undefined ? {} : { endpoint });

describeBankConformance('DynamoDB Local (local mode)', {
  client: clientAt(process.env.AWS_ENDPOINT_URL_DYNAMODB),
  createTable,
  isolatesConcurrentTransactions: true,
});

describeBankConformance('DynamoDB as AWS serves it (AWS_ENDPOINT_URL)', {
  client: clientAt(process.env.AWS_ENDPOINT_URL),
  createTable,
  isolatesConcurrentTransactions: process.env.KARBOR_TEST_AWS_EMULATOR !== 'moto',
});
