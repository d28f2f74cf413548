import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bank, createBank } from '../../lib/bank/bank.js';
import { collectionKey, itemKinds, restoreAuthKey } from '../../lib/bank/keys.js';
import type { PlanRecord, RestoreRecord } from '../../lib/bank/records.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

/**
 * Issue 14 finding 17: a list right after a create must see the record on AWS, where a GSI
 * is eventually consistent (DynamoDB Local's are immediate, so the shape of the query is what
 * this pins): project lists are strongly consistent queries of the table, in the order and
 * with the members the gsi1 index has.
 */

const project = `p${randomUUID().replace(/-/g, '')}`;
const other = `p${randomUUID().replace(/-/g, '')}`;

interface QueryInput {
  readonly IndexName?: string;
  readonly ConsistentRead?: boolean;
  readonly KeyConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
}

const plan = (projectId: string, id: string, createdAt: string): PlanRecord => ({
  id,
  project_id: projectId,
  created_at: createdAt,
  name: id,
  description: null,
  provider_id: 'provider-1',
  status: 'suspended',
  resources: [],
  parameters: {},
});

describe('project lists read what was just written (finding 17)', () => {
  let bank: Bank;
  const queries: QueryInput[] = [];

  beforeAll(async () => {
    const tableName = `bank-${randomUUID()}`;
    const client = new DynamoDBClient({});
    await ensureBankTable(client, tableName);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries.push({ ...(args.input as QueryInput) });
        return next(args);
      },
      { step: 'initialize', name: 'captureQueries' },
    );
    bank = createBank({ client, tableName });
  });

  it('lists a project with one strongly consistent query of the table, not of an index', async () => {
    await bank.plans.create(plan(project, 'plan-a', '2026-12-06T03:00:00.000Z'));
    queries.length = 0;
    const listed = await bank.plans.list(project);
    expect(listed.map((p) => p.id)).toEqual(['plan-a']);
    expect(queries).toHaveLength(1);
    const [query] = queries;
    expect(query?.IndexName).toBeUndefined();
    expect(query?.ConsistentRead).toBe(true);
    expect(Object.values(query?.ExpressionAttributeNames ?? {})).toEqual(['pk', 'sk']);
  });

  it('keeps the index order (created, then id) and its members: this kind, this project', async () => {
    await bank.plans.create(plan(project, 'plan-c', '2026-12-06T01:00:00.000Z'));
    await bank.plans.create(plan(project, 'plan-b', '2026-12-06T01:00:00.000Z'));
    await bank.plans.create(plan(other, 'plan-other', '2026-12-06T00:00:00.000Z'));
    const restore: RestoreRecord = {
      id: 'restore-1',
      project_id: project,
      created_at: '2026-12-06T02:00:00.000Z',
      provider_id: 'provider-1',
      checkpoint_id: 'cp-1',
      restore_target: null,
      parameters: {},
      status: 'in_progress',
    } as unknown as RestoreRecord;
    await bank.restores.create(restore);
    // another kind whose sort key starts with the restore kind's name
    await bank.store.put(restoreAuthKey(project, 'restore-1'), { token: 'x' });

    const listed = (await bank.plans.list(project)).map((p) => p.id);
    expect(listed).toEqual(['plan-b', 'plan-c', 'plan-a']);
    const fromIndex = await bank.store.query({
      index: 'gsi1',
      partition: collectionKey(project, itemKinds.plan),
    });
    expect(listed).toEqual(fromIndex.map((item) => item.id));
    expect((await bank.restores.list(project)).map((r) => r.id)).toEqual(['restore-1']);
    expect((await bank.plans.list(project))[0]).toMatchObject(
      plan(project, 'plan-b', '2026-12-06T01:00:00.000Z'),
    );
  });
});
