import { protectableTypes } from '../../providers/resource-types.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, KarborFault, NotFound } from '../faults.js';
import type { ApiRequest, GroupControllers } from '../http/api-types.js';
import { collectionLinks, parseListQuery } from '../list-query.js';
import { callerOf } from '../policy.js';
import {
  InstanceNotFound,
  type ProtectableInstance,
  ProtectablesUnavailable,
  type ProtectablesView,
} from '../protectables-port.js';
import { parseParametersQuery } from '../python-literal.js';

/** Protectables (reference §3.4): types, and instances seen with the caller's rights. */

const knownType = (request: ApiRequest): string => {
  const type = request.pathParameters.protectable_type ?? '';
  if (!Object.hasOwn(protectableTypes, type)) throw new BadRequest('Invalid protectable type provided.');
  return type;
};

const parametersOf = (request: ApiRequest) =>
  parseParametersQuery(request.query.filter(([key]) => key === 'parameters').at(-1)?.[1]);

/** OpenStack failures become faults a user can act on; unknown ones stay 500. */
const openStackCall = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InstanceNotFound) throw new NotFound(error.message, { cause: error });
    if (error instanceof ProtectablesUnavailable) throw new KarborFault(503, error.message, { cause: error });
    throw error;
  }
};

const viewFor = (request: ApiRequest, services: ApiServices): ProtectablesView =>
  services.protectables(callerOf(request));

const instanceView = (instance: ProtectableInstance) => ({
  id: instance.id,
  type: instance.type,
  name: instance.name,
  extra_info: instance.extra_info,
  dependent_resources: instance.dependent_resources.map((d) => ({
    type: d.type,
    id: d.id,
    name: d.name,
    extra_info: d.extra_info,
  })),
});

const index = async (request: ApiRequest) => {
  callerOf(request);
  return { status: 200, body: { protectable_type: Object.keys(protectableTypes) } };
};

const show = async (request: ApiRequest) => {
  callerOf(request);
  const type = knownType(request);
  return {
    status: 200,
    body: { protectable_type: { name: type, dependent_types: protectableTypes[type] ?? [] } },
  };
};

/** Karbor validates limit, marker and sort here, then lists everything; so do we. */
const instances = async (request: ApiRequest, services: ApiServices) => {
  const type = knownType(request);
  const query = parseListQuery(request, { allowedFilters: ['status'] });
  const parameters = parametersOf(request);
  const view = viewFor(request, services);
  const listed = (await openStackCall(() => view.listInstances(type, parameters))).map(instanceView);
  return {
    status: 200,
    body: { instances: listed, ...collectionLinks(request, 'instances', listed, query.limit) },
  };
};

const instance = async (request: ApiRequest, services: ApiServices) => {
  const type = knownType(request);
  const parameters = parametersOf(request);
  const view = viewFor(request, services);
  const id = request.pathParameters.protectable_id ?? '';
  const shown = instanceView(await openStackCall(() => view.showInstance(type, id, parameters)));
  return { status: 200, body: { instance: shown } };
};

export const protectableControllers: GroupControllers<ApiServices> = { index, show, instances, instance };
