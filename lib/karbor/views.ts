import type { PlanRecord, PlanResource } from '../bank/records.js';

/** Renders Bank records into Karbor's response objects. */

const parseExtraInfo = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Plan resources carry `extra_info` as an object, and omit the key when it is empty. */
export const planResourceView = (resource: PlanResource) => {
  const extra = parseExtraInfo(resource.extra_info);
  const empty =
    extra === undefined || extra === null || (typeof extra === 'object' && Object.keys(extra).length === 0);
  return {
    id: resource.id,
    type: resource.type,
    name: resource.name,
    ...(empty ? {} : { extra_info: extra }),
  };
};

export const planView = (plan: PlanRecord) => ({
  id: plan.id,
  name: plan.name,
  description: plan.description,
  resources: plan.resources.map(planResourceView),
  provider_id: plan.provider_id,
  status: plan.status,
  parameters: plan.parameters,
});
