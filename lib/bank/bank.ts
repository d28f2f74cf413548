import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getString } from '../config/env.js';
import { BankStore } from './bank-store.js';
import { CheckpointRepository } from './checkpoint-repository.js';
import { itemKinds } from './keys.js';
import { ProjectCollection } from './project-collection.js';
import { QuotaRepository } from './quota-repository.js';
import type {
  OperationLogRecord,
  PlanRecord,
  RestoreRecord,
  ScheduledOperationRecord,
  TriggerRecord,
  VerificationRecord,
} from './records.js';
import { ServiceRepository } from './service-repository.js';

/** Every repository of the Bank over one store. */
export interface Bank {
  readonly store: BankStore;
  readonly quotas: QuotaRepository;
  readonly plans: ProjectCollection<PlanRecord>;
  readonly checkpoints: CheckpointRepository;
  readonly restores: ProjectCollection<RestoreRecord>;
  readonly verifications: ProjectCollection<VerificationRecord>;
  readonly triggers: ProjectCollection<TriggerRecord>;
  readonly scheduledOperations: ProjectCollection<ScheduledOperationRecord>;
  readonly operationLogs: ProjectCollection<OperationLogRecord>;
  readonly services: ServiceRepository;
}

export const createBank = (options: { client?: DynamoDBClient; tableName?: string } = {}): Bank => {
  const store = new BankStore(options);
  const quotas = new QuotaRepository(store);
  return {
    store,
    quotas,
    plans: new ProjectCollection<PlanRecord>(store, itemKinds.plan, quotas),
    checkpoints: new CheckpointRepository(store, quotas),
    restores: new ProjectCollection<RestoreRecord>(store, itemKinds.restore),
    verifications: new ProjectCollection<VerificationRecord>(store, itemKinds.verification),
    triggers: new ProjectCollection<TriggerRecord>(store, itemKinds.trigger),
    scheduledOperations: new ProjectCollection<ScheduledOperationRecord>(store, itemKinds.scheduledOperation),
    operationLogs: new ProjectCollection<OperationLogRecord>(store, itemKinds.operationLog),
    services: new ServiceRepository(store, {
      scheduler: getString('KARBOR_SCHEDULER_HOST', 'eventbridge-scheduler'),
      workflows: getString('KARBOR_WORKFLOWS_HOST', 'step-functions'),
    }),
  };
};
