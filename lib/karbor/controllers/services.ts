import { ConditionFailed } from '../../bank/bank-errors.js';
import type { ServiceRecord } from '../../bank/service-repository.js';
import type { ApiServices } from '../api-services.js';
import { karborDateTime } from '../encoding.js';
import { BadRequest, NotFound } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, GroupControllers } from '../http/api-types.js';
import { callerOf, requireAdmin } from '../policy.js';

const serviceView = (service: ServiceRecord) => ({
  id: service.id,
  binary: service.binary,
  host: service.host,
  status: service.status,
  state: 'up',
  updated_at: karborDateTime(service.updated_at),
  disabled_reason: service.disabled_reason,
});

const firstValue = (request: ApiRequest, key: string) => request.query.find(([name]) => name === key)?.[1];

const index = async (request: ApiRequest, services: ApiServices) => {
  requireAdmin(callerOf(request), 'service:get_all');
  const host = firstValue(request, 'host');
  const binary = firstValue(request, 'binary');
  const listed = (await services.bank.services.list()).filter(
    (s) => (host === undefined || s.host === host) && (binary === undefined || s.binary === binary),
  );
  return { status: 200, body: { services: listed.map(serviceView) } };
};

const update = async (request: ApiRequest, services: ApiServices) => {
  requireAdmin(callerOf(request), 'service:update');
  const raw = request.pathParameters.service_id ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const body = parseJsonBody(request) as Record<string, unknown> | null;
  const status = body?.status;
  const reason = body?.disabled_reason;
  if (status !== 'enabled' && status !== 'disabled')
    throw new BadRequest('Invalid status: use enabled or disabled.');
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > 255)) {
    throw new BadRequest('Invalid disabled_reason: a string of at most 255 characters.');
  }
  if (status === 'enabled' && reason)
    throw new BadRequest('A disabled_reason can only be given when disabling.');
  const service = (await services.bank.services.list()).find((s) => s.id === id);
  if (!service) throw new NotFound(`Service ${raw} could not be found.`);
  if (service.binary !== 'karbor-operationengine') {
    throw new BadRequest(`Service ${raw} (${service.binary}) cannot be enabled or disabled.`);
  }
  try {
    const updated = await services.bank.services.setStatus(
      id,
      status,
      (reason as string | undefined) ?? null,
    );
    return { status: 200, body: { service: serviceView(updated) } };
  } catch (error) {
    if (error instanceof ConditionFailed) throw new NotFound(`Service ${raw} could not be found.`);
    throw error;
  }
};

export const serviceControllers: GroupControllers<ApiServices> = { index, update };
