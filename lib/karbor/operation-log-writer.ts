import { randomUUID } from 'node:crypto';
import type { Bank } from '../bank/bank.js';
import type { OperationLogRecord, OperationType } from '../bank/records.js';

/** One operation log per protect, delete, restore and verify run (reference §3.9). */
export const recordOperationStart = async (
  bank: Bank,
  fields: {
    project_id: string;
    operation_type: OperationType;
    status: string;
    now: Date;
    checkpoint_id?: string | null;
    plan_id?: string | null;
    provider_id?: string | null;
    restore_id?: string | null;
    scheduled_operation_id?: string | null;
  },
): Promise<OperationLogRecord> => {
  const record: OperationLogRecord = {
    id: randomUUID(),
    project_id: fields.project_id,
    created_at: fields.now.toISOString(),
    operation_type: fields.operation_type,
    checkpoint_id: fields.checkpoint_id ?? null,
    plan_id: fields.plan_id ?? null,
    provider_id: fields.provider_id ?? null,
    restore_id: fields.restore_id ?? null,
    scheduled_operation_id: fields.scheduled_operation_id ?? null,
    status: fields.status,
    started_at: fields.now.toISOString(),
    ended_at: null,
    error_info: null,
    extra_info: null,
  };
  await bank.operationLogs.create(record);
  return record;
};

/** Closes a log with its final status; used when a workflow cannot even start. */
export const recordOperationEnd = async (
  bank: Bank,
  log: OperationLogRecord,
  status: string,
  now: Date,
  errorInfo?: string,
): Promise<void> => {
  await bank.operationLogs.update(log.project_id, log.id, {
    status,
    ended_at: now.toISOString(),
    error_info: errorInfo ?? null,
  });
};
