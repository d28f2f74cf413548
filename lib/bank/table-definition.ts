/**
 * The Bank's single DynamoDB table, described once. The CDK data stack and the local
 * runtime (DynamoDB Local) both create the table from this description.
 *
 * Every item's partition key starts with its project (`P#<project>`, see keys.ts), so every
 * query is tenant-scoped by construction. The three global secondary indexes are overloaded:
 * keys.ts says which item kinds project into which index and in what key format.
 */

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const bankTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; items with it set (leases, cached tokens, expired logs) are removed by TTL. */
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    /** Items of one kind in one project, ordered by creation time. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Checkpoints by provider and by plan, ordered by creation time. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Items of one kind across projects (admin `all_tenants` listings, scheduler, GC). */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ] satisfies readonly IndexDefinition[],
} as const;

/** The CreateTable input for DynamoDB Local and for tests; AWS gets the same shape from CDK. */
export const createTableInput = (tableName: string) => {
  const keyNames = [
    bankTable.partitionKey,
    bankTable.sortKey,
    ...bankTable.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: bankTable.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: bankTable.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: bankTable.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
};
