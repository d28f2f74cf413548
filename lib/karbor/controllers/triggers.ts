import { randomUUID } from 'node:crypto';
import type { TriggerRecord } from '../../bank/records.js';
import { InvalidTrigger, parseTriggerProperties, parseTriggerUpdate } from '../../schedules/index.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, Forbidden, KarborFault, NotFound } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, CallerContext, GroupControllers } from '../http/api-types.js';
import { callerOf } from '../policy.js';
import { validateCreateTrigger, validateUpdateTrigger } from '../schemas/schedules.js';
import { isUuidLike } from '../validation.js';
import { listCollection } from '../visibility.js';

/**
 * Time triggers (reference §3.7). Unlike Karbor we honour each trigger's `format` and accept
 * ISO 8601 times; properties are stored and returned as strings, as Karbor does.
 */

const notFound = (id: string) => new NotFound(`Trigger ${id} could not be found.`);

const triggerView = (trigger: TriggerRecord) => ({
  id: trigger.id,
  name: trigger.name,
  type: trigger.type,
  properties: trigger.properties,
});

export const findTrigger = async (
  services: ApiServices,
  caller: CallerContext,
  id: string,
): Promise<TriggerRecord> => {
  if (!isUuidLike(id)) throw new BadRequest('Invalid trigger id provided.');
  const trigger =
    (await services.bank.triggers.get(caller.projectId, id)) ??
    (await services.bank.triggers.findAnywhere(id));
  if (!trigger) throw notFound(id);
  if (trigger.project_id !== caller.projectId && !caller.isAdmin) {
    throw new Forbidden(`Policy doesn't allow trigger:get to be performed.`);
  }
  return trigger;
};

const asBadRequest = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidTrigger) throw new BadRequest(error.message, { cause: error });
    throw error;
  }
};

const checkType = (type: string | undefined): void => {
  if (type !== undefined && type !== 'time')
    throw new BadRequest(`Invalid trigger type: ${type}. Only time is supported.`);
};

const index = (request: ApiRequest, services: ApiServices) =>
  listCollection(request, services.bank.triggers, {
    name: 'triggers',
    allowedFilters: ['name', 'type', 'properties'],
    filters: { regexFields: ['name', 'properties'], columns: ['id', 'name', 'type', 'properties'] },
    view: triggerView,
    markerNotFound: notFound,
  });

const create = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { trigger_info: input } = validateCreateTrigger(parseJsonBody(request));
  checkType(input.type);
  const now = services.now();
  const { properties } = asBadRequest(() =>
    parseTriggerProperties(input.properties, services.scheduleLimits, now),
  );
  const record: TriggerRecord = {
    id: randomUUID(),
    project_id: caller.projectId,
    created_at: now.toISOString(),
    name: (input.name ?? '').trim(),
    type: 'time',
    properties: properties as unknown as Record<string, string>,
  };
  if (record.name === '') throw new BadRequest("An invalid 'name' value was provided.");
  await services.bank.triggers.create(record);
  return { status: 200, body: { trigger_info: triggerView(record) } };
};

const show = async (request: ApiRequest, services: ApiServices) => {
  const trigger = await findTrigger(services, callerOf(request), request.pathParameters.trigger_id ?? '');
  return { status: 200, body: { trigger_info: triggerView(trigger) } };
};

/** New properties replace the old ones and re-arm every operation that uses the trigger. */
const update = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { trigger_info: input } = validateUpdateTrigger(parseJsonBody(request));
  const trigger = await findTrigger(services, caller, request.pathParameters.trigger_id ?? '');
  if (input.type !== undefined && input.type !== trigger.type)
    throw new BadRequest('The type of a trigger cannot be changed.');
  const parsed = asBadRequest(() =>
    parseTriggerUpdate(input.properties, services.scheduleLimits, services.now()),
  );
  const name = input.name?.trim();
  if (name === '') throw new BadRequest("An invalid 'name' value was provided.");
  const updated = await services.bank.triggers.update(trigger.project_id, trigger.id, {
    ...(name === undefined ? {} : { name }),
    ...(parsed ? { properties: parsed.properties as unknown as Record<string, string> } : {}),
  });
  if (parsed) {
    const operations = await services.bank.scheduledOperations.list(trigger.project_id);
    for (const operation of operations.filter((op) => op.trigger_id === trigger.id))
      await services.scheduler.arm(operation, updated);
  }
  return { status: 200, body: { trigger_info: triggerView(updated) } };
};

const remove = async (request: ApiRequest, services: ApiServices) => {
  const trigger = await findTrigger(services, callerOf(request), request.pathParameters.trigger_id ?? '');
  const operations = await services.bank.scheduledOperations.list(trigger.project_id);
  if (operations.some((op) => op.trigger_id === trigger.id)) {
    throw new KarborFault(424, 'Trigger is being used by one or more operations');
  }
  await services.bank.triggers.remove(trigger.project_id, trigger.id).catch(() => {
    throw notFound(trigger.id);
  });
  return { status: 200 };
};

export const triggerControllers: GroupControllers<ApiServices> = {
  index,
  create,
  show,
  update,
  delete: remove,
};
