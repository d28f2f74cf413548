import { randomUUID } from 'node:crypto';
import { ConditionFailed, QuotaExceeded } from '../../bank/bank-errors.js';
import type { PlanRecord } from '../../bank/records.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, NotFound, OverLimit } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, CallerContext, GroupControllers } from '../http/api-types.js';
import { checkParameters, checkResources, planStatuses } from '../plan-rules.js';
import { callerOf } from '../policy.js';
import { validateCreatePlan, validateUpdatePlan } from '../schemas/plans.js';
import { isUuidLike } from '../validation.js';
import { planView } from '../views.js';
import { findVisible, listCollection } from '../visibility.js';

const planNotFound = (id: string) => new NotFound(`Plan ${id} could not be found.`);

/** A plan the caller may see: their own, or any project's for admins (others get 404). */
export const findPlan = async (
  services: ApiServices,
  caller: CallerContext,
  id: string,
): Promise<PlanRecord> => {
  if (!isUuidLike(id)) throw new BadRequest('Invalid plan id provided.');
  const plan = await findVisible(services.bank.plans, caller, id);
  if (!plan) throw planNotFound(id);
  return plan;
};

const index = (request: ApiRequest, services: ApiServices) =>
  listCollection(request, services.bank.plans, {
    name: 'plans',
    allowedFilters: ['name', 'status', 'description'],
    filters: {
      regexFields: ['name', 'description'],
      columns: ['name', 'description', 'status', 'provider_id', 'id'],
    },
    view: planView,
    markerNotFound: planNotFound,
  });

const create = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { plan: input } = validateCreatePlan(parseJsonBody(request));
  const resources = checkResources(input.resources);
  const provider = services.providers.get(input.provider_id);
  if (!provider) throw new BadRequest('The provider could not be found.');
  checkParameters(input.parameters, provider, 'options_schema');
  const record: PlanRecord = {
    id: randomUUID(),
    project_id: caller.projectId,
    created_at: services.now().toISOString(),
    name: input.name,
    description: input.description ?? null,
    provider_id: provider.id,
    status: 'suspended',
    resources,
    parameters: input.parameters as PlanRecord['parameters'],
  };
  try {
    await services.bank.plans.create(record, { quota: 'plans' });
  } catch (error) {
    if (error instanceof QuotaExceeded) throw new OverLimit(error.message);
    throw error;
  }
  return { status: 200, body: { plan: planView(record) } };
};

const show = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const plan = await findPlan(services, caller, request.pathParameters.plan_id ?? '');
  return { status: 200, body: { plan: planView(plan) } };
};

/**
 * Karbor lets only `suspended` plans change and nothing ever suspends a started plan again
 * (reference §11 item 3). We allow a status change at any time, and other edits while the
 * plan is suspended or when the same request suspends it.
 */
const update = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { plan: input } = validateUpdatePlan(parseJsonBody(request));
  const changes: { -readonly [K in keyof PlanRecord]?: PlanRecord[K] } = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.description !== undefined) changes.description = input.description;
  if (input.resources !== undefined && input.resources.length > 0)
    changes.resources = checkResources(input.resources);
  if (input.status !== undefined && input.status !== null) {
    if (!(planStatuses as readonly string[]).includes(input.status)) {
      throw new BadRequest(`Invalid plan status ${input.status}: must be one of ${planStatuses.join(', ')}.`);
    }
    changes.status = input.status;
  }
  if (input.parameters !== undefined) changes.parameters = input.parameters as PlanRecord['parameters'];
  if (Object.keys(changes).length === 0) throw new BadRequest('Missing updated parameters in request body.');
  const plan = await findPlan(services, caller, request.pathParameters.plan_id ?? '');
  if (changes.parameters !== undefined) {
    const provider = services.providers.get(plan.provider_id);
    if (provider) checkParameters(changes.parameters, provider, 'options_schema');
  }
  const editsOtherThanStatus = Object.keys(changes).some((key) => key !== 'status');
  const suspendsNow = changes.status === 'suspended';
  const condition =
    editsOtherThanStatus && !suspendsNow
      ? {
          expression: '#status = :suspended',
          names: { '#status': 'status' },
          values: { ':suspended': 'suspended' },
        }
      : undefined;
  try {
    const updated = await services.bank.plans.update(plan.project_id, plan.id, changes, condition);
    return { status: 200, body: { plan: planView(updated) } };
  } catch (error) {
    if (error instanceof ConditionFailed) {
      throw new BadRequest('Invalid plan: The plan can be only updated in suspended status.', {
        cause: error,
      });
    }
    throw error;
  }
};

const remove = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const plan = await findPlan(services, caller, request.pathParameters.plan_id ?? '');
  try {
    await services.bank.plans.remove(plan.project_id, plan.id, { quota: 'plans' });
  } catch (error) {
    if (error instanceof ConditionFailed) throw planNotFound(plan.id);
    throw error;
  }
  return { status: 200 };
};

export const planControllers: GroupControllers<ApiServices> = { index, create, show, update, delete: remove };
