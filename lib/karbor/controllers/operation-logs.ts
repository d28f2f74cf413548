import type { OperationLogRecord } from '../../bank/records.js';
import type { ApiServices } from '../api-services.js';
import { karborDateTime } from '../encoding.js';
import { BadRequest, NotFound } from '../faults.js';
import type { ApiRequest, GroupControllers } from '../http/api-types.js';
import { callerOf } from '../policy.js';
import { isUuidLike } from '../validation.js';
import { findVisible, listCollection } from '../visibility.js';

const columns = [
  'id',
  'operation_type',
  'checkpoint_id',
  'plan_id',
  'provider_id',
  'restore_id',
  'scheduled_operation_id',
  'status',
  'started_at',
  'ended_at',
  'error_info',
  'extra_info',
] as const;

export const operationLogView = (log: OperationLogRecord) => ({
  ...Object.fromEntries(columns.map((column) => [column, log[column]])),
  started_at: karborDateTime(log.started_at),
  ended_at: karborDateTime(log.ended_at),
});

const notFound = (id: string) => new NotFound(`Operation log ${id} could not be found.`);

const index = (request: ApiRequest, services: ApiServices) =>
  listCollection(request, services.bank.operationLogs, {
    name: 'operation_logs',
    allowedFilters: ['checkpoint_id', 'plan_id', 'restore_id', 'status'],
    filters: { regexFields: [], columns: [...columns, 'project_id'], unknownFieldEmptiesResult: true },
    view: operationLogView,
    markerNotFound: notFound,
  });

const show = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const id = request.pathParameters.operation_log_id ?? '';
  if (!isUuidLike(id)) throw new BadRequest('Invalid operation log id provided.');
  const log = await findVisible(services.bank.operationLogs, caller, id);
  if (!log) throw notFound(id);
  return { status: 200, body: { operation_log: operationLogView(log) } };
};

export const operationLogControllers: GroupControllers<ApiServices> = { index, show };
