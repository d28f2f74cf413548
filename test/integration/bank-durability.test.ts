import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DurableDynamoDb, startDurableDynamoDb } from '../../local/emulators/durable-dynamodb.js';

/**
 * The local Bank killed (SIGKILL of DynamoDB Local's java) 10 times under 32 concurrent
 * transactional creates: every create that was answered 200 is still there afterwards, and the
 * Bank answers again within 30 s of each kill without anyone restarting it. (The same load on
 * DynamoDB Local without the commit barrier lost 2, then 7 answered creates in two runs.)
 */

const kills = 10;
const writers = 32;
/** answered writes between two kills */
const perRound = 10;
const table = 'durability';

let dataDir: string;
let bank: DurableDynamoDb;
let client: DynamoDBClient;
const log: string[] = [];

/** The java process under the child guard (the supervisor's process is the guard). */
const javaPidOf = (guardPid: number): number => {
  const children = readFileSync(`/proc/${guardPid}/task/${guardPid}/children`, 'utf8').trim().split(/\s+/);
  const pid = Number(children[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`guard ${guardPid} has no child`);
  return pid;
};

const answersWithin = async (ms: number): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < ms) {
    try {
      await client.send(new ListTablesCommand({}));
      return Date.now() - started;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`the Bank did not answer within ${ms} ms`);
};

const grows = async (set: Set<string>, by: number, ms: number): Promise<void> => {
  const target = set.size + by;
  const deadline = Date.now() + ms;
  while (set.size < target) {
    if (Date.now() > deadline) throw new Error(`fewer than ${by} writes answered in ${ms} ms`);
    await sleep(20);
  }
};

const storedIds = async (): Promise<Set<string>> => {
  const ids = new Set<string>();
  let start: Record<string, { S: string }> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) ids.add(String(item.pk?.S));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return ids;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bank-durability-'));
  bank = await startDurableDynamoDb({ dataDir, log: (line) => log.push(line) });
  client = new DynamoDBClient({
    endpoint: bank.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  await bank?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local Bank under SIGKILL', () => {
  it('loses no answered write and answers again within 30 s, 10 kills in a row', async () => {
    const acknowledged = new Set<string>();
    let refused = 0;
    let running = true;
    const writer = async (id: number) => {
      for (let n = 0; running; n++) {
        const pk = `w${id}-${n}`;
        try {
          // a create as the Bank makes one: the item and a second one, in one transaction
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { pk: { S: pk }, payload: { S: 'x'.repeat(2000) } },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { pk: { S: `${pk}#index` }, payload: { S: 'y'.repeat(2000) } },
                  },
                },
              ],
            }),
          );
          acknowledged.add(pk);
        } catch {
          refused++;
          await sleep(50);
        }
      }
    };
    const load = Array.from({ length: writers }, (_, id) => writer(id));
    const recoveries: number[] = [];
    try {
      for (let kill = 0; kill < kills; kill++) {
        // kill while writes flow: after some were answered since the last restart
        await grows(acknowledged, perRound, 60_000);
        await sleep(Math.floor(Math.random() * 300));
        const guard = bank.supervisor.current;
        if (!guard?.pid) throw new Error('DynamoDB Local is not running');
        process.kill(javaPidOf(guard.pid), 'SIGKILL');
        await sleep(50);
        recoveries.push(await answersWithin(30_000));
      }
    } finally {
      running = false;
      await Promise.all(load);
    }
    const stored = await storedIds();
    const lost = [...acknowledged].filter((pk) => !stored.has(pk));
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(kills * perRound);
    expect(refused, 'some writes were refused while the Bank was down').toBeGreaterThan(0);
    expect(bank.supervisor.restarts).toBe(kills);
    expect(log.filter((line) => line.includes('was killed by SIGKILL'))).toHaveLength(kills);
    expect(Math.max(...recoveries)).toBeLessThan(30_000);
  }, 240_000);
});
