import type { Bank } from '../../../bank/bank.js';
import type { ResourceRef } from '../../runs/resource-runs.js';
import type { WorkflowContext } from '../../workflow-context.js';

/**
 * A resource's protect options from its plan's parameters (the provider's options_schema):
 * the type's options (`"OS::Cinder::Volume": {...}`) overridden by the resource's own
 * (`"OS::Cinder::Volume#<id>": {...}`). The API stores leaves as strings, so readers accept
 * both `true` and `"true"`.
 */

export type ProtectOptions = Readonly<Record<string, unknown>>;

export const optionsOf = (
  parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  resource: Pick<ResourceRef, 'type' | 'id'>,
): ProtectOptions => ({
  ...parameters[resource.type],
  ...parameters[`${resource.type}#${resource.id}`],
});

export const planOptions = async (
  bank: Bank,
  workflow: Pick<WorkflowContext, 'project_id' | 'plan_id'>,
  resource: Pick<ResourceRef, 'type' | 'id'>,
): Promise<ProtectOptions> => {
  if (!workflow.plan_id) return {};
  const plan = await bank.plans.get(workflow.project_id, workflow.plan_id);
  return optionsOf(plan?.parameters ?? {}, resource);
};

export const booleanOption = (options: ProtectOptions, name: string, fallback: boolean): boolean => {
  const value = options[name];
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || String(value).toLowerCase() === 'true';
};

export const integerOption = (options: ProtectOptions, name: string, fallback: number): number => {
  const value = Number(options[name]);
  return options[name] === undefined || options[name] === null || !Number.isInteger(value) ? fallback : value;
};
