import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { bankTable } from '../../lib/bank/table-definition.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

describe('the Bank table definition', () => {
  it('creates a table with the shared key schema and indexes, and is idempotent', async () => {
    const client = new DynamoDBClient({});
    const tableName = `bank-${Date.now()}`;
    await ensureBankTable(client, tableName);
    await ensureBankTable(client, tableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema?.map((k) => k.AttributeName)).toEqual([
      bankTable.partitionKey,
      bankTable.sortKey,
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      bankTable.indexes.map((i) => i.name),
    );
    client.destroy();
  });
});
