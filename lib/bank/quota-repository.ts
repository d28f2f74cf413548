import type { BankStore, TransactItem } from './bank-store.js';
import { quotaClassKey, quotaLimitsKey, quotaUsageKey } from './keys.js';

/**
 * Quotas (reference §3.11): limits per project, defaults from the `default` quota class, and
 * usage counters changed in the same transaction as the row they count.
 */

export const quotaResources = ['plans', 'checkpoints'] as const;
export type QuotaResource = (typeof quotaResources)[number];
export type QuotaLimits = Record<QuotaResource, number>;

export const builtInDefaults: QuotaLimits = { plans: 50, checkpoints: -1 };
export const defaultQuotaClass = 'default';

const pickLimits = (item: Record<string, unknown> | undefined): Partial<QuotaLimits> => {
  const limits: Partial<QuotaLimits> = {};
  for (const resource of quotaResources) {
    if (typeof item?.[resource] === 'number') limits[resource] = item[resource] as number;
  }
  return limits;
};

export class QuotaRepository {
  readonly #store: BankStore;

  constructor(store: BankStore) {
    this.#store = store;
  }

  async classLimits(name: string): Promise<QuotaLimits> {
    const item = await this.#store.get(quotaClassKey(name));
    const base = name === defaultQuotaClass ? builtInDefaults : await this.classLimits(defaultQuotaClass);
    return { ...base, ...pickLimits(item) };
  }

  async setClassLimits(name: string, limits: Partial<QuotaLimits>): Promise<QuotaLimits> {
    const current = pickLimits(await this.#store.get(quotaClassKey(name)));
    await this.#store.put(quotaClassKey(name), { ...current, ...limits, kind: 'QCLASS', name });
    return this.classLimits(name);
  }

  async projectLimits(project: string): Promise<QuotaLimits> {
    const [defaults, item] = await Promise.all([
      this.classLimits(defaultQuotaClass),
      this.#store.get(quotaLimitsKey(project)),
    ]);
    return { ...defaults, ...pickLimits(item) };
  }

  async setProjectLimits(project: string, limits: Partial<QuotaLimits>): Promise<QuotaLimits> {
    const current = pickLimits(await this.#store.get(quotaLimitsKey(project)));
    await this.#store.put(quotaLimitsKey(project), { ...current, ...limits, kind: 'QUOTA' });
    return this.projectLimits(project);
  }

  async resetProject(project: string): Promise<void> {
    await this.#store.delete(quotaLimitsKey(project));
  }

  async usage(project: string, resource: QuotaResource): Promise<number> {
    const item = await this.#store.get(quotaUsageKey(project, resource));
    return typeof item?.inUse === 'number' ? Math.max(0, item.inUse) : 0;
  }

  /** A transaction item that adds one unit, failing its condition when the limit is reached. */
  async chargeOne(project: string, resource: QuotaResource): Promise<{ item: TransactItem; limit: number }> {
    const limit = (await this.projectLimits(project))[resource];
    const unlimited = limit < 0;
    return {
      limit,
      item: {
        Update: {
          TableName: this.#store.tableName,
          Key: quotaUsageKey(project, resource),
          UpdateExpression: 'ADD inUse :one SET kind = :kind',
          ConditionExpression: unlimited ? undefined : 'attribute_not_exists(inUse) OR inUse < :limit',
          ExpressionAttributeValues: unlimited
            ? { ':one': 1, ':kind': 'USAGE' }
            : { ':one': 1, ':kind': 'USAGE', ':limit': limit },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    };
  }

  /** A transaction item that releases one unit; usage is read as never below zero. */
  releaseOne(project: string, resource: QuotaResource): TransactItem {
    return {
      Update: {
        TableName: this.#store.tableName,
        Key: quotaUsageKey(project, resource),
        UpdateExpression: 'ADD inUse :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    };
  }
}
