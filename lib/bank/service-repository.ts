import type { BankStore } from './bank-store.js';
import { stripKeys } from './bank-store.js';
import { serviceKey, servicesPrefix } from './keys.js';

/**
 * Karbor's os-services (reference §3.10). Our services are the scheduler that fires scheduled
 * operations (`karbor-operationengine`) and the workflows (`karbor-protection`); disabling the
 * operation engine pauses every schedule until it is enabled again.
 */

export interface ServiceRecord {
  readonly id: number;
  readonly binary: 'karbor-operationengine' | 'karbor-protection';
  readonly host: string;
  readonly status: 'enabled' | 'disabled';
  readonly disabled_reason: string | null;
  readonly updated_at: string;
}

export class ServiceRepository {
  readonly #store: BankStore;
  readonly #hosts: { scheduler: string; workflows: string };

  constructor(store: BankStore, hosts: { scheduler: string; workflows: string }) {
    this.#store = store;
    this.#hosts = hosts;
  }

  async list(): Promise<ServiceRecord[]> {
    const items = await this.#store.query({
      partition: servicesPrefix.pk,
      skPrefix: servicesPrefix.skPrefix,
    });
    if (items.length > 0) return items.map((item) => stripKeys<ServiceRecord>(item));
    return this.#seed();
  }

  async setStatus(
    id: number,
    status: ServiceRecord['status'],
    reason: string | null,
  ): Promise<ServiceRecord> {
    const updated = await this.#store.update(serviceKey(id), {
      status,
      disabled_reason: reason,
      updated_at: new Date().toISOString(),
    });
    return stripKeys<ServiceRecord>(updated);
  }

  async #seed(): Promise<ServiceRecord[]> {
    const now = new Date().toISOString();
    const seeded: ServiceRecord[] = [
      {
        id: 1,
        binary: 'karbor-operationengine',
        host: this.#hosts.scheduler,
        status: 'enabled',
        disabled_reason: null,
        updated_at: now,
      },
      {
        id: 2,
        binary: 'karbor-protection',
        host: this.#hosts.workflows,
        status: 'enabled',
        disabled_reason: null,
        updated_at: now,
      },
    ];
    for (const service of seeded) {
      await this.#store
        .put(
          serviceKey(service.id),
          { ...service, kind: 'SERVICE' },
          { expression: 'attribute_not_exists(pk)' },
        )
        .catch(() => undefined);
    }
    const items = await this.#store.query({
      partition: servicesPrefix.pk,
      skPrefix: servicesPrefix.skPrefix,
    });
    return items.map((item) => stripKeys<ServiceRecord>(item));
  }
}
