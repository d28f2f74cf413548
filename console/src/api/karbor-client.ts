import { type Fetch, requestJson } from './http.js';
import type {
  Checkpoint,
  OperationLog,
  Parameters,
  Plan,
  PlanStatus,
  ProtectableInstance,
  Provider,
  Resource,
  Restore,
  ScheduledOperation,
  Trigger,
  TriggerProperties,
  Verification,
} from './karbor-types.js';

/**
 * The console's one client of the public Karbor v1 API (`/v1/<project>/…` on the console's
 * own origin): the same calls python-karborclient makes, nothing private.
 */

export interface PlanInput {
  readonly name: string;
  readonly description?: string | null;
  readonly provider_id: string;
  readonly resources: readonly Resource[];
  readonly parameters: Parameters;
}

export interface PlanUpdate {
  readonly name?: string;
  readonly description?: string | null;
  readonly resources?: readonly Resource[];
  readonly status?: PlanStatus;
  /** Our API accepts new parameters (README, deliberate differences 3). */
  readonly parameters?: Parameters;
}

export interface RestoreInput {
  readonly provider_id: string;
  readonly checkpoint_id: string;
  readonly restore_target?: string | null;
  readonly restore_auth?: Readonly<Record<string, string>> | null;
  readonly parameters: Parameters;
}

export interface ScheduledOperationInput {
  readonly name: string;
  readonly description?: string | null;
  readonly operation_type: 'protect' | 'retention_protect';
  readonly trigger_id: string;
  readonly operation_definition: Readonly<Record<string, string>>;
}

export interface OperationLogFilters {
  readonly plan_id?: string;
  readonly checkpoint_id?: string;
  readonly restore_id?: string;
  readonly status?: string;
}

const query = (params: Readonly<Record<string, string | undefined>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

export class KarborClient {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: Fetch;

  constructor(options: { projectId: string; token: string; origin?: string; fetch?: Fetch }) {
    this.#base = `${options.origin ?? ''}/v1/${encodeURIComponent(options.projectId)}`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async #call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await requestJson<T>(this.#fetch, {
      method,
      url: `${this.#base}${path}`,
      headers: { 'x-auth-token': this.#token },
      body,
    });
    return response.body;
  }

  async providers(): Promise<Provider[]> {
    return (await this.#call<{ providers: Provider[] }>('GET', '/providers')).providers;
  }

  async protectableTypes(): Promise<string[]> {
    return (await this.#call<{ protectable_type: string[] }>('GET', '/protectables')).protectable_type;
  }

  async dependentTypes(type: string): Promise<string[]> {
    const body = await this.#call<{ protectable_type: { dependent_types: string[] } }>(
      'GET',
      `/protectables/${encodeURIComponent(type)}`,
    );
    return body.protectable_type.dependent_types;
  }

  async instances(type: string): Promise<ProtectableInstance[]> {
    const path = `/protectables/${encodeURIComponent(type)}/instances`;
    return (await this.#call<{ instances: ProtectableInstance[] }>('GET', path)).instances;
  }

  async plans(): Promise<Plan[]> {
    return (await this.#call<{ plans: Plan[] }>('GET', '/plans')).plans;
  }

  async plan(id: string): Promise<Plan> {
    return (await this.#call<{ plan: Plan }>('GET', `/plans/${id}`)).plan;
  }

  async createPlan(plan: PlanInput): Promise<Plan> {
    return (await this.#call<{ plan: Plan }>('POST', '/plans', { plan })).plan;
  }

  async updatePlan(id: string, plan: PlanUpdate): Promise<Plan> {
    return (await this.#call<{ plan: Plan }>('PUT', `/plans/${id}`, { plan })).plan;
  }

  async deletePlan(id: string): Promise<void> {
    await this.#call('DELETE', `/plans/${id}`);
  }

  async checkpoints(providerId: string, planId?: string): Promise<Checkpoint[]> {
    const path = `/providers/${providerId}/checkpoints${query({ plan_id: planId })}`;
    return (await this.#call<{ checkpoints: Checkpoint[] }>('GET', path)).checkpoints;
  }

  async checkpoint(providerId: string, id: string): Promise<Checkpoint> {
    const path = `/providers/${providerId}/checkpoints/${id}`;
    return (await this.#call<{ checkpoint: Checkpoint }>('GET', path)).checkpoint;
  }

  async createCheckpoint(providerId: string, planId: string): Promise<Checkpoint> {
    const path = `/providers/${providerId}/checkpoints`;
    return (await this.#call<{ checkpoint: Checkpoint }>('POST', path, { checkpoint: { plan_id: planId } }))
      .checkpoint;
  }

  async deleteCheckpoint(providerId: string, id: string): Promise<void> {
    await this.#call('DELETE', `/providers/${providerId}/checkpoints/${id}`);
  }

  async restores(): Promise<Restore[]> {
    return (await this.#call<{ restores: Restore[] }>('GET', '/restores')).restores;
  }

  async restore(id: string): Promise<Restore> {
    return (await this.#call<{ restore: Restore }>('GET', `/restores/${id}`)).restore;
  }

  async createRestore(restore: RestoreInput): Promise<Restore> {
    return (await this.#call<{ restore: Restore }>('POST', '/restores', { restore })).restore;
  }

  async verifications(): Promise<Verification[]> {
    return (await this.#call<{ verifications: Verification[] }>('GET', '/verifications')).verifications;
  }

  async createVerification(providerId: string, checkpointId: string): Promise<Verification> {
    const verification = { provider_id: providerId, checkpoint_id: checkpointId, parameters: {} };
    return (await this.#call<{ verification: Verification }>('POST', '/verifications', { verification }))
      .verification;
  }

  async triggers(): Promise<Trigger[]> {
    return (await this.#call<{ triggers: Trigger[] }>('GET', '/triggers')).triggers;
  }

  async createTrigger(name: string, properties: TriggerProperties): Promise<Trigger> {
    const trigger_info = { name, type: 'time', properties };
    return (await this.#call<{ trigger_info: Trigger }>('POST', '/triggers', { trigger_info })).trigger_info;
  }

  async deleteTrigger(id: string): Promise<void> {
    await this.#call('DELETE', `/triggers/${id}`);
  }

  async scheduledOperations(): Promise<ScheduledOperation[]> {
    return (await this.#call<{ operations: ScheduledOperation[] }>('GET', '/scheduled_operations'))
      .operations;
  }

  async createScheduledOperation(scheduled_operation: ScheduledOperationInput): Promise<ScheduledOperation> {
    const body = { scheduled_operation };
    return (
      await this.#call<{ scheduled_operation: ScheduledOperation }>('POST', '/scheduled_operations', body)
    ).scheduled_operation;
  }

  async deleteScheduledOperation(id: string): Promise<void> {
    await this.#call('DELETE', `/scheduled_operations/${id}`);
  }

  async operationLogs(filters: OperationLogFilters = {}): Promise<OperationLog[]> {
    const path = `/operation_logs${query({ ...filters })}`;
    return (await this.#call<{ operation_logs: OperationLog[] }>('GET', path)).operation_logs;
  }
}
