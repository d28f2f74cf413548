import { QuotaExceeded } from '../../bank/bank-errors.js';
import { InvalidCheckpointTransition } from '../../bank/checkpoint-repository.js';
import type { CheckpointRecord, CheckpointStatus } from '../../bank/records.js';
import { normaliseUuid } from '../../providers/provider-registry.js';
import type { ApiServices } from '../api-services.js';
import { CheckpointGraphFailed, type CreatedCheckpoint, createCheckpoint } from '../checkpoint-creation.js';
import { findCheckpoint } from '../checkpoint-lookup.js';
import { checkpointView } from '../checkpoint-views.js';
import { BadRequest, NotFound, OverLimit } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, CallerContext, GroupControllers } from '../http/api-types.js';
import { collectionLinks, paginate, parseListQuery } from '../list-query.js';
import { withLiveProgress } from '../live-progress.js';
import { recordOperationEnd, recordOperationStart } from '../operation-log-writer.js';
import { callerOf } from '../policy.js';
import { resetStateSources } from '../run-rules.js';
import { validateCopy, validateCreateCheckpoint, validateResetState } from '../schemas/checkpoints.js';
import { isUuidLike } from '../validation.js';
import { findPlan } from './plans.js';
import { findProvider } from './providers.js';

const notFound = (id: string) => new NotFound(`Checkpoint ${id} could not be found.`);

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const parseDay = (value: unknown, name: string): string => {
  const text = String(value);
  if (!dayPattern.test(text) || Number.isNaN(Date.parse(text))) {
    throw new BadRequest(`Invalid ${name} "${text}": expected YYYY-MM-DD.`);
  }
  return text;
};

const index = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const provider = findProvider(services, request.pathParameters.provider_id ?? '');
  const query = parseListQuery(request, {
    allowedFilters: ['project_id', 'plan_id', 'start_date', 'end_date'],
  });
  const project =
    query.allTenants && typeof query.filters.project_id === 'string'
      ? query.filters.project_id
      : caller.projectId;
  const planId = query.filters.plan_id === undefined ? undefined : String(query.filters.plan_id);
  const listed = planId
    ? (await services.bank.checkpoints.listByPlan(project, planId)).filter(
        (c) => c.provider_id === provider.id,
      )
    : await services.bank.checkpoints.listByProvider(project, provider.id);
  let selected = listed;
  if (query.filters.start_date !== undefined) {
    const start = parseDay(query.filters.start_date, 'start_date');
    const end =
      query.filters.end_date === undefined
        ? services.now().toISOString().slice(0, 10)
        : parseDay(query.filters.end_date, 'end_date');
    selected = listed.filter((c) => c.created_at.slice(0, 10) >= start && c.created_at.slice(0, 10) <= end);
  }
  const page = paginate(
    selected,
    { ...query, sort: query.sort.slice(0, 1) },
    (c, key) => c[key as keyof CheckpointRecord],
    notFound,
  );
  return {
    status: 200,
    body: {
      checkpoints: (await Promise.all(page.map((c) => withLiveProgress(services, c)))).map(checkpointView),
      ...collectionLinks(request, 'checkpoints', page, query.limit),
    },
  };
};

const create = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const providerId = request.pathParameters.provider_id ?? '';
  if (!isUuidLike(providerId)) throw new BadRequest('Invalid provider id provided.');
  const { checkpoint: input } = validateCreateCheckpoint(parseJsonBody(request));
  const plan = await findPlan(services, caller, input.plan_id);
  if (plan.provider_id !== normaliseUuid(providerId)) {
    throw new BadRequest('Invalid plan: The parameter provider_id is not the same as the value in the plan.');
  }
  const provider = findProvider(services, providerId);
  let created: CreatedCheckpoint;
  try {
    created = await createCheckpoint(
      services.bank,
      services.protectables(caller),
      {
        project_id: caller.projectId,
        user_id: caller.userId,
        plan,
        provider_id: provider.id,
        extra_info: input['extra-info'] ?? input.extra_info ?? {},
      },
      services.now(),
    );
  } catch (error) {
    if (error instanceof CheckpointGraphFailed)
      throw new BadRequest(`Create checkpoint failed: ${error.message}`, { cause: error });
    if (error instanceof QuotaExceeded) throw new OverLimit(error.message);
    throw error;
  }
  const { checkpoint: record, log } = created;
  const started = await startOrFail(services, caller, record, log, 'protect', 'error');
  return { status: 200, body: { checkpoint: checkpointView(started) } };
};

/** Starts the workflow; if it cannot start, the checkpoint ends in `failedStatus`, never stuck. */
const startOrFail = async (
  services: ApiServices,
  caller: CallerContext,
  checkpoint: CheckpointRecord,
  log: Awaited<ReturnType<typeof recordOperationStart>>,
  workflow: 'protect' | 'delete',
  failedStatus: CheckpointStatus,
): Promise<CheckpointRecord> => {
  try {
    await services.orchestrator.start(workflow, `${workflow}-${checkpoint.id}`, {
      project_id: checkpoint.project_id,
      checkpoint_id: checkpoint.id,
      provider_id: checkpoint.provider_id,
      plan_id: checkpoint.plan_id,
      operation_log_id: log.id,
      trust_id: await services.delegation.delegate(caller),
    });
    return checkpoint;
  } catch (error) {
    const reason = `the ${workflow} workflow could not start: ${(error as Error).message}`;
    await recordOperationEnd(services.bank, log, failedStatus, services.now(), reason);
    return services.bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, failedStatus, {
      from: [checkpoint.status],
      changes: { extra_info: { ...checkpoint.extra_info, fail_reason: reason } },
    });
  }
};

const show = async (request: ApiRequest, services: ApiServices) => {
  const checkpoint = await findCheckpoint(
    services,
    callerOf(request),
    request.pathParameters.provider_id ?? '',
    request.pathParameters.checkpoint_id ?? '',
  );
  return { status: 200, body: { checkpoint: checkpointView(await withLiveProgress(services, checkpoint)) } };
};

const remove = async (request: ApiRequest, services: ApiServices) => {
  const checkpoint = await findCheckpoint(
    services,
    callerOf(request),
    request.pathParameters.provider_id ?? '',
    request.pathParameters.checkpoint_id ?? '',
  );
  let deleting: CheckpointRecord;
  try {
    deleting = await services.bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, 'deleting');
  } catch (error) {
    if (error instanceof InvalidCheckpointTransition) {
      throw new BadRequest(`The checkpoint ${checkpoint.id} can not be deleted.`, { cause: error });
    }
    throw error;
  }
  const log = await recordOperationStart(services.bank, {
    project_id: checkpoint.project_id,
    operation_type: 'delete',
    status: 'deleting',
    now: services.now(),
    checkpoint_id: checkpoint.id,
    plan_id: checkpoint.plan_id,
    provider_id: checkpoint.provider_id,
  });
  await startOrFail(services, callerOf(request), deleting, log, 'delete', 'error-deleting');
  return { status: 200, body: {} };
};

const resetState = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const { 'os-resetState': reset } = validateResetState(parseJsonBody(request));
  const checkpoint = await findCheckpoint(
    services,
    caller,
    request.pathParameters.provider_id ?? '',
    request.pathParameters.checkpoint_id ?? '',
  );
  try {
    await services.bank.checkpoints.transition(checkpoint.project_id, checkpoint.id, reset.state, {
      from: resetStateSources(caller, reset.state),
    });
  } catch (error) {
    if (error instanceof InvalidCheckpointTransition) {
      throw new BadRequest(`The checkpoint ${checkpoint.id} can not be reset.`, { cause: error });
    }
    throw error;
  }
  return { status: 200, body: {} };
};

/** Karbor's copy to another bank; our provider has one bank per deployment, so it refuses. */
const copy = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  const provider = findProvider(services, request.pathParameters.provider_id ?? '');
  const { copy: input } = validateCopy(parseJsonBody(request));
  const plan = await findPlan(services, caller, input.plan_id);
  if (plan.provider_id !== provider.id) {
    throw new BadRequest('Invalid plan: The parameter provider_id is not the same as the value in the plan.');
  }
  if ((await services.bank.checkpoints.listByPlan(plan.project_id, plan.id)).length === 0) {
    throw new BadRequest('The plan has not been protected.');
  }
  throw new BadRequest(`Provider ${provider.id} keeps checkpoints in one bank and does not copy them.`);
};

export const checkpointControllers: GroupControllers<ApiServices> = {
  index,
  create,
  show,
  delete: remove,
  resetState,
  copy,
};
