import { QuotaExceeded } from './bank-errors.js';
import {
  type BankStore,
  type Condition,
  type Item,
  stripKeys,
  type TransactItem,
  TransactionConditionFailed,
} from './bank-store.js';
import {
  allTenantsKey,
  collectionKey,
  type IndexKeys,
  type ItemKind,
  idLookupKey,
  indexKeys,
  itemKey,
} from './keys.js';
import type { QuotaRepository, QuotaResource } from './quota-repository.js';

/** DynamoDB's order of string sort keys (UTF-8 bytes), not the locale's. */
const compareStrings = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Fields every Bank record has. */
export interface BaseRecord {
  readonly id: string;
  readonly project_id: string;
  readonly created_at: string;
  readonly updated_at?: string | undefined;
}

/**
 * The records of one kind, tenant-scoped by key. Creation and deletion can charge or release a
 * quota unit in the same transaction as the record.
 */
export class ProjectCollection<T extends BaseRecord> {
  readonly #store: BankStore;
  readonly #kind: ItemKind;
  readonly #quotas: QuotaRepository | undefined;

  constructor(store: BankStore, kind: ItemKind, quotas?: QuotaRepository) {
    this.#store = store;
    this.#kind = kind;
    this.#quotas = quotas;
  }

  indexKeysOf(record: T): IndexKeys {
    return indexKeys(record.project_id, this.#kind, record.id, record.created_at);
  }

  async create(record: T, options: { quota?: QuotaResource; indexKeys?: IndexKeys } = {}): Promise<T> {
    const key = itemKey(record.project_id, this.#kind, record.id);
    const item: Item = {
      ...(record as unknown as Item),
      ...(options.indexKeys ?? this.indexKeysOf(record)),
      kind: this.#kind,
    };
    if (options.quota === undefined || this.#quotas === undefined) {
      await this.#store.put(key, item, { expression: 'attribute_not_exists(pk)' });
      return record;
    }
    const charge = await this.#quotas.chargeOne(record.project_id, options.quota);
    const put: TransactItem = {
      Put: {
        TableName: this.#store.tableName,
        Item: { ...item, ...key },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await this.#store.transact([put, charge.item]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.index === 1) {
        throw new QuotaExceeded(options.quota, charge.limit);
      }
      throw error;
    }
    return record;
  }

  async get(project: string, id: string): Promise<T | undefined> {
    const item = await this.#store.get(itemKey(project, this.#kind, id));
    return item ? stripKeys<T>(item) : undefined;
  }

  /** Finds a record by id in any project (for admins, and to tell 403 from 404). */
  async findAnywhere(id: string): Promise<T | undefined> {
    const [hit] = await this.#store.query({
      index: 'gsi3',
      partition: idLookupKey(id),
      skPrefix: this.#kind,
    });
    if (!hit) return undefined;
    return this.get((hit as { project_id: string }).project_id, id);
  }

  /**
   * The project's records of this kind, oldest first: what the gsi1 partition holds, read
   * from the table with a strongly consistent query instead (a GSI is eventually consistent
   * on AWS, so a list right after a create could miss the record). Every item of the kind
   * lives under the project's partition key (`<KIND>#<id>`), so this reads nothing else of
   * the project; the index's order (`<created>#<id>`) and membership are kept.
   */
  async list(project: string): Promise<T[]> {
    const { pk } = itemKey(project, this.#kind, '');
    const collection = collectionKey(project, this.#kind);
    const items = await this.#store.query({ partition: pk, skPrefix: `${this.#kind}#`, consistent: true });
    return items
      .filter((item) => item.gsi1pk === collection)
      .sort((a, b) => compareStrings(String(a.gsi1sk), String(b.gsi1sk)))
      .map((item) => stripKeys<T>(item));
  }

  async listAllProjects(): Promise<T[]> {
    const items = await this.#store.query({ index: 'gsi2', partition: allTenantsKey(this.#kind) });
    return items.map((item) => stripKeys<T>(item));
  }

  async update(project: string, id: string, changes: Partial<T> & Item, condition?: Condition): Promise<T> {
    const stored = await this.#store.update(
      itemKey(project, this.#kind, id),
      { ...changes, updated_at: new Date().toISOString() },
      condition,
    );
    return stripKeys<T>(stored);
  }

  async releaseQuota(project: string, resource: QuotaResource): Promise<void> {
    if (this.#quotas) await this.#store.transact([this.#quotas.releaseOne(project, resource)]);
  }

  async remove(project: string, id: string, options: { quota?: QuotaResource } = {}): Promise<void> {
    const key = itemKey(project, this.#kind, id);
    if (options.quota === undefined || this.#quotas === undefined) {
      await this.#store.delete(key, { expression: 'attribute_exists(pk)' });
      return;
    }
    await this.#store.transact([
      { Delete: { TableName: this.#store.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } },
      this.#quotas.releaseOne(project, options.quota),
    ]);
  }
}
