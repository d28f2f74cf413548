import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { getRequiredString } from '../config/env.js';
import { ConditionFailed, translateBankError } from './bank-errors.js';
import type { IndexKeys, ItemKey } from './keys.js';

/**
 * The Bank's low-level store: items, conditional writes and transactions on the single
 * table. Repositories build keys (keys.ts) and conditions; this class only executes them and
 * turns DynamoDB's condition failures into `ConditionFailed` carrying the stored item.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;

const keyAttributes = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'expiresAt',
]);

/** The stored item without its key attributes. */
export const stripKeys = <T>(item: Item): T =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttributes.has(name))) as T;

export interface Condition {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export class BankStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(options: { client?: DynamoDBClient; tableName?: string } = {}) {
    this.#documents = DynamoDBDocumentClient.from(options.client ?? new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    this.tableName = options.tableName ?? getRequiredString('KARBOR_TABLE_NAME');
    // Outermost step, after the SDK's own retries: outages and refused items become Bank errors.
    this.#documents.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          throw translateBankError(error);
        }
      },
      { step: 'initialize', name: 'translateBankErrors', override: true },
    );
  }

  async get(key: ItemKey): Promise<Item | undefined> {
    const { Item: item } = await this.#documents.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return item;
  }

  async put(key: ItemKey, item: Item, condition?: Condition): Promise<void> {
    await this.#conditional(() =>
      this.#documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, ...key },
          ConditionExpression: condition?.expression,
          ExpressionAttributeNames: condition?.names,
          ExpressionAttributeValues: condition?.values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  /** Sets `changes` (undefined values are removed) if `condition` holds; returns the new item. */
  async update(key: ItemKey, changes: Item, condition?: Condition): Promise<Item> {
    const { expression, names, values } = updateExpression(changes);
    const result = await this.#conditional(() =>
      this.#documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: expression,
          ConditionExpression: condition?.expression ?? 'attribute_exists(pk)',
          ExpressionAttributeNames: { ...names, ...condition?.names },
          ExpressionAttributeValues: emptyToUndefined({ ...values, ...condition?.values }),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return result.Attributes ?? {};
  }

  async delete(key: ItemKey, condition?: Condition): Promise<void> {
    await this.#conditional(() =>
      this.#documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: condition?.expression,
          ExpressionAttributeNames: condition?.names,
          ExpressionAttributeValues: condition?.values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  /**
   * All items of one index partition (or the table's), oldest first unless `descending`.
   * `consistent` asks for a strongly consistent read, which only the table (not a GSI) offers.
   */
  async query(options: {
    index?: 'gsi1' | 'gsi2' | 'gsi3';
    partition: string;
    skPrefix?: string;
    descending?: boolean;
    consistent?: boolean;
  }): Promise<Item[]> {
    const pkName = options.index ? `${options.index}pk` : 'pk';
    const skName = options.index ? `${options.index}sk` : 'sk';
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: options.index,
          KeyConditionExpression:
            options.skPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: {
            '#pk': pkName,
            ...(options.skPrefix === undefined ? {} : { '#sk': skName }),
          },
          ExpressionAttributeValues: { ':pk': options.partition, ':prefix': options.skPrefix },
          ScanIndexForward: !options.descending,
          ...(options.consistent ? { ConsistentRead: true } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async transact(items: TransactItem[]): Promise<void> {
    try {
      await this.#documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed >= 0) {
          const old = reasons[failed]?.Item;
          throw new TransactionConditionFailed(failed, old ? unmarshall(old as never) : undefined, error);
        }
      }
      throw error;
    }
  }

  async #conditional<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const item = error.Item ? unmarshall(error.Item as never) : undefined;
        throw new ConditionFailed('the stored item is not in the expected state', item, { cause: error });
      }
      throw error;
    }
  }
}

/** Which item of a transaction failed its condition, by position. */
export class TransactionConditionFailed extends ConditionFailed {
  override name = 'TransactionConditionFailed';
  readonly index: number;

  constructor(index: number, current: Item | undefined, cause: unknown) {
    super(`condition of transaction item ${index} failed`, current, { cause });
    this.index = index;
  }
}

const emptyToUndefined = (values: Record<string, unknown>) =>
  Object.keys(values).length === 0 ? undefined : values;

const updateExpression = (changes: Item) => {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [index, [name, value]] of Object.entries(changes).entries()) {
    names[`#u${index}`] = name;
    if (value === undefined) removes.push(`#u${index}`);
    else {
      sets.push(`#u${index} = :u${index}`);
      values[`:u${index}`] = value;
    }
  }
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return { expression: parts.filter(Boolean).join(' '), names, values };
};

export type { IndexKeys };
