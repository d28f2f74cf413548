import { ConditionFailed } from '../../bank/bank-errors.js';
import type { BankStore, Item } from '../../bank/bank-store.js';
import { stripKeys } from '../../bank/bank-store.js';
import { resourceRunKey, resourceRunsPrefix } from '../../bank/keys.js';

/**
 * The Bank's record of one resource inside one workflow run: which step its driver is at,
 * the temporary OpenStack objects it made (so a Catch path can delete exactly those), the
 * mover's progress and the result. Tasks keep all their state here, which makes each of them
 * safe to re-run after a timeout: a re-run reads where the previous attempt got to.
 */

export type RunKind = 'protect' | 'restore' | 'verify';

export interface ResourceRef {
  readonly type: string;
  readonly id: string;
  readonly name: string;
  readonly extra_info?: Readonly<Record<string, unknown>> | null;
}

export type TemporaryKind = 'snapshot' | 'volume' | 'image' | 'server';

/** An OpenStack object made for the run, deleted when the resource ends unless `keep`. */
export interface Temporary {
  readonly kind: TemporaryKind;
  readonly id: string;
}

export type ResourceRunStatus = 'running' | 'available' | 'error';

/** The mover's last progress report (lib/blocks/progress.ts ProgressSnapshot). */
export interface MoverProgress {
  readonly phase: string;
  readonly bytesTotal: number;
  readonly bytesRead: number;
  readonly bytesStored: number;
  readonly bytesSkipped: number;
  readonly elapsedSeconds: number;
}

export interface ResourceRun {
  readonly project_id: string;
  readonly run_id: string;
  readonly kind: RunKind;
  /** `<type>#<id>`, the key of the resource in the run */
  readonly resource_key: string;
  readonly resource: ResourceRef;
  readonly status: ResourceRunStatus;
  /** the driver's current step */
  readonly step: string;
  /** when the current step gives up waiting (ISO time) */
  readonly step_deadline?: string | undefined;
  /** driver state: ids made along the way, the parent checkpoint, … */
  readonly data: Readonly<Record<string, unknown>>;
  readonly temporaries: readonly Temporary[];
  readonly progress?: MoverProgress | undefined;
  /** what the run produced: saved metadata, manifest stats, the restored object's id */
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  readonly reason?: string | undefined;
  readonly started_at: string;
  readonly updated_at: string;
}

export const resourceKeyOf = (resource: Pick<ResourceRef, 'type' | 'id'>): string =>
  `${resource.type}#${resource.id}`;

export class ResourceRunRepository {
  readonly #store: BankStore;

  constructor(store: BankStore) {
    this.#store = store;
  }

  /** The table and item key the mover writes its progress to. */
  progressTarget(run: Pick<ResourceRun, 'project_id' | 'run_id' | 'resource_key'>) {
    return {
      table: this.#store.tableName,
      key: resourceRunKey(run.project_id, run.run_id, run.resource_key),
    };
  }

  async get(project: string, runId: string, resourceKey: string): Promise<ResourceRun | undefined> {
    const item = await this.#store.get(resourceRunKey(project, runId, resourceKey));
    return item ? stripKeys<ResourceRun>(item) : undefined;
  }

  /** The run of `resource`, created at its first step if this is the first attempt. */
  async begin(
    project: string,
    runId: string,
    kind: RunKind,
    resource: ResourceRef,
    firstStep: string,
    now: Date,
  ): Promise<ResourceRun> {
    const resourceKey = resourceKeyOf(resource);
    const existing = await this.get(project, runId, resourceKey);
    if (existing) return existing;
    const run: ResourceRun = {
      project_id: project,
      run_id: runId,
      kind,
      resource_key: resourceKey,
      resource,
      status: 'running',
      step: firstStep,
      data: {},
      temporaries: [],
      started_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    try {
      await this.#store.put(resourceRunKey(project, runId, resourceKey), run as unknown as Item, {
        expression: 'attribute_not_exists(pk)',
      });
      return run;
    } catch (error) {
      if (error instanceof ConditionFailed)
        return (await this.get(project, runId, resourceKey)) as ResourceRun;
      throw error;
    }
  }

  async update(run: ResourceRun, changes: Partial<ResourceRun>): Promise<ResourceRun> {
    const item = await this.#store.update(resourceRunKey(run.project_id, run.run_id, run.resource_key), {
      ...changes,
      updated_at: changes.updated_at ?? new Date().toISOString(),
    });
    return stripKeys<ResourceRun>(item);
  }

  async list(project: string, runId: string): Promise<ResourceRun[]> {
    const { pk, skPrefix } = resourceRunsPrefix(project, runId);
    const items = await this.#store.query({ partition: pk, skPrefix });
    return items.map((item) => stripKeys<ResourceRun>(item));
  }
}
