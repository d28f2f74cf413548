import { type QuotaLimits, type QuotaResource, quotaResources } from '../../bank/quota-repository.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, Forbidden } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, CallerContext, GroupControllers } from '../http/api-types.js';
import { callerOf, requireAdmin } from '../policy.js';
import { isUuidLike } from '../validation.js';

/** Quotas and quota classes (reference §3.11): -1 is unlimited. */

const targetProject = (request: ApiRequest, caller: CallerContext): string => {
  const project = request.pathParameters.target_project_id ?? '';
  if (!isUuidLike(project) && project !== caller.projectId)
    throw new BadRequest(`Invalid project id ${project} provided.`);
  if (project !== caller.projectId && !caller.isAdmin)
    throw new Forbidden(`Policy doesn't allow quota:get to be performed.`);
  return project;
};

/** Flat `{"plans": n, "checkpoints": n}`; unknown keys are ignored, as Karbor does. */
export const parseLimits = (body: unknown, wrapper: 'quota' | 'quota_class'): Partial<QuotaLimits> => {
  const values = (body as Record<string, unknown> | null)?.[wrapper];
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new BadRequest(`Missing ${wrapper} in request body.`);
  }
  const limits: Partial<QuotaLimits> = {};
  for (const resource of quotaResources) {
    const raw = (values as Record<string, unknown>)[resource];
    if (raw === undefined || raw === null) continue;
    const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new BadRequest(`Quota ${resource} must be an integer.`);
    if (value < -1) throw new BadRequest(`Quota limit ${resource} must be -1 or greater.`);
    if (value > 2 ** 31 - 1) throw new BadRequest(`Quota limit ${resource} is too large.`);
    limits[resource] = value;
  }
  return limits;
};

const show = async (request: ApiRequest, services: ApiServices) => {
  const project = targetProject(request, callerOf(request));
  return {
    status: 200,
    body: { quota: { ...(await services.bank.quotas.projectLimits(project)), id: project } },
  };
};

const detail = async (request: ApiRequest, services: ApiServices) => {
  const project = targetProject(request, callerOf(request));
  const limits = await services.bank.quotas.projectLimits(project);
  const entries = await Promise.all(
    quotaResources.map(async (resource: QuotaResource) => [
      resource,
      { limit: limits[resource], in_use: await services.bank.quotas.usage(project, resource), reserved: 0 },
    ]),
  );
  return { status: 200, body: { quota: { ...Object.fromEntries(entries), id: project } } };
};

const defaults = async (request: ApiRequest, services: ApiServices) => {
  const project = targetProject(request, callerOf(request));
  return {
    status: 200,
    body: { quota: { ...(await services.bank.quotas.classLimits('default')), id: project } },
  };
};

const update = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  requireAdmin(caller, 'quota:update');
  const project = targetProject(request, caller);
  const limits = await services.bank.quotas.setProjectLimits(
    project,
    parseLimits(parseJsonBody(request), 'quota'),
  );
  return { status: 200, body: { quota: limits } };
};

const remove = async (request: ApiRequest, services: ApiServices) => {
  const caller = callerOf(request);
  requireAdmin(caller, 'quota:delete');
  await services.bank.quotas.resetProject(targetProject(request, caller));
  return { status: 200 };
};

const classShow = async (request: ApiRequest, services: ApiServices) => {
  callerOf(request);
  const name = request.pathParameters.class_name ?? '';
  return {
    status: 200,
    body: { quota_class: { ...(await services.bank.quotas.classLimits(name)), id: name } },
  };
};

const classUpdate = async (request: ApiRequest, services: ApiServices) => {
  requireAdmin(callerOf(request), 'quota_class:update');
  const name = request.pathParameters.class_name ?? '';
  if (name.length === 0 || name.length > 255) throw new BadRequest('Invalid quota class name.');
  const limits = await services.bank.quotas.setClassLimits(
    name,
    parseLimits(parseJsonBody(request), 'quota_class'),
  );
  return { status: 200, body: { quota_class: limits } };
};

export const quotaControllers: GroupControllers<ApiServices> = {
  show,
  detail,
  defaults,
  update,
  delete: remove,
};
export const quotaClassControllers: GroupControllers<ApiServices> = { show: classShow, update: classUpdate };
