import { randomUUID } from 'node:crypto';
import type { ScheduledOperationRecord } from '../../bank/records.js';
import { logger } from '../../observability/powertools.js';
import { checkpointsToDelete, InvalidRetentionPolicy } from '../../schedules/index.js';
import { SchedulerUnavailable } from '../../workflows/operation-scheduler.js';
import type { ApiServices } from '../api-services.js';
import { stringLeavesOf } from '../encoding.js';
import { BadRequest, KarborFault, NotFound } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, CallerContext, GroupControllers } from '../http/api-types.js';
import { callerOf } from '../policy.js';
import { validateCreateScheduledOperation } from '../schemas/schedules.js';
import { isUuidLike } from '../validation.js';
import { findVisible, listCollection } from '../visibility.js';
import { findPlan } from './plans.js';

/** Scheduled operations (reference §3.8): `protect` and `retention_protect` on a trigger. */

const operationTypes = ['protect', 'retention_protect'];
const notFound = (id: string) => new NotFound(`Scheduled operation ${id} could not be found.`);

const operationView = (operation: ScheduledOperationRecord) => ({
  id: operation.id,
  name: operation.name,
  description: operation.description,
  operation_type: operation.operation_type,
  trigger_id: operation.trigger_id,
  operation_definition: operation.operation_definition,
  enabled: operation.enabled,
});

const findOperation = async (services: ApiServices, caller: CallerContext, id: string) => {
  if (!isUuidLike(id)) throw new BadRequest('Invalid scheduled operation id provided.');
  const operation = await findVisible(services.bank.scheduledOperations, caller, id);
  if (!operation) throw notFound(id);
  return operation;
};

/** Retention limits must be whole numbers; checked now rather than at the first run. */
const checkRetention = (definition: Readonly<Record<string, string>>): void => {
  try {
    checkpointsToDelete(
      [],
      { max_backups: definition.max_backups, retention_duration: definition.retention_duration },
      new Date(),
    );
  } catch (error) {
    if (error instanceof InvalidRetentionPolicy) throw new BadRequest(error.message, { cause: error });
    throw error;
  }
};

const schedulingFault = (error: unknown): never => {
  if (error instanceof SchedulerUnavailable) throw new KarborFault(503, error.message, { cause: error });
  throw error;
};

const index = (request: ApiRequest, services: ApiServices) =>
  listCollection(request, services.bank.scheduledOperations, {
    name: 'operations',
    allowedFilters: ['name', 'operation_type', 'trigger_id', 'operation_definition'],
    filters: {
      regexFields: ['name', 'operation_definition'],
      columns: ['id', 'name', 'operation_type', 'trigger_id', 'operation_definition'],
    },
    view: operationView,
    markerNotFound: notFound,
  });

const create = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { scheduled_operation: input } = validateCreateScheduledOperation(parseJsonBody(request));
  const trigger =
    (await services.bank.triggers.get(caller.projectId, input.trigger_id)) ??
    (await services.bank.triggers.findAnywhere(input.trigger_id));
  if (!trigger) throw new NotFound(`Trigger ${input.trigger_id} could not be found.`);
  if (trigger.project_id !== caller.projectId) throw new BadRequest('Invalid trigger id provided.');
  if (!operationTypes.includes(input.operation_type)) throw new BadRequest('Invalid operation type');
  const definition = stringLeavesOf(input.operation_definition) as Record<string, string>;
  const plan = await findPlan(services, caller, input.operation_definition.plan_id);
  if (plan.provider_id !== input.operation_definition.provider_id.toLowerCase())
    throw new BadRequest('Provider_id is conflict');
  if (input.operation_type === 'retention_protect') checkRetention(definition);
  // Runs outlive every token: the user delegates to the service user for as long as the
  // operation exists (keystone mode; null otherwise). The trust goes when the operation does.
  const trustId = await services.delegation.delegate(caller, null).catch((error: unknown) => {
    throw new KarborFault(
      500,
      `Keystone refused the trust for the scheduled operation: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  });
  const record: ScheduledOperationRecord = {
    id: randomUUID(),
    project_id: caller.projectId,
    created_at: services.now().toISOString(),
    name: input.name,
    description: input.description ?? null,
    operation_type: input.operation_type,
    trigger_id: trigger.id,
    operation_definition: definition,
    enabled: true,
    user_id: caller.userId,
    trust_id: trustId,
  };
  try {
    await services.bank.scheduledOperations.create(record);
    await services.scheduler.arm(record, trigger);
  } catch (error) {
    await services.bank.scheduledOperations.remove(record.project_id, record.id).catch(() => undefined);
    if (trustId) await services.delegation.revoke(trustId, caller).catch(() => undefined);
    schedulingFault(error);
  }
  return { status: 200, body: { scheduled_operation: operationView(record) } };
};

const show = async (request: ApiRequest, services: ApiServices) => {
  const operation = await findOperation(
    services,
    callerOf(request),
    request.pathParameters.scheduled_operation_id ?? '',
  );
  return { status: 200, body: { scheduled_operation: operationView(operation) } };
};

const remove = async (request: ApiRequest, services: ApiServices) => {
  const operation = await findOperation(
    services,
    callerOf(request),
    request.pathParameters.scheduled_operation_id ?? '',
  );
  await services.scheduler.disarm(operation).catch(schedulingFault);
  await services.bank.scheduledOperations.remove(operation.project_id, operation.id).catch(() => {
    throw notFound(operation.id);
  });
  if (operation.trust_id) {
    const trustId = operation.trust_id;
    // the operation is gone either way; a trust left behind grants nothing a run will use
    await services.delegation.revoke(trustId, callerOf(request)).catch((error: unknown) => {
      logger.warn('the trust of a deleted scheduled operation could not be revoked', { trustId, error });
    });
  }
  return { status: 200 };
};

export const scheduledOperationControllers: GroupControllers<ApiServices> = {
  index,
  create,
  show,
  delete: remove,
};
