import { InputError } from '../api/api-error.js';
import type { Checkpoint, Parameters, Resource, Verification } from '../api/karbor-types.js';

/**
 * The restore wizard's model: which resources a checkpoint holds (its resource graph), where
 * the restore goes (this project, or another one through restore_target + restore_auth), and
 * the per-resource progress a restore or verification reports.
 */

/** The resources of a checkpoint: its graph's nodes (dependents included), else the plan's. */
export const checkpointResources = (
  checkpoint: Pick<Checkpoint, 'resource_graph' | 'protection_plan'>,
): Resource[] => {
  if (checkpoint.resource_graph) {
    try {
      const [nodes] = JSON.parse(checkpoint.resource_graph) as [Record<string, unknown[]>, unknown];
      const resources = Object.values(nodes).flatMap((node): Resource[] => {
        const [type, id, name, extra] = node;
        return typeof type === 'string' && typeof id === 'string'
          ? [{ type, id, name: typeof name === 'string' ? name : '', extra_info: extra }]
          : [];
      });
      if (resources.length > 0) return resources;
    } catch {
      // an unreadable graph: fall back to the plan's resources
    }
  }
  return [...checkpoint.protection_plan.resources];
};

export type RestoreTarget =
  | { readonly mode: 'same' }
  | {
      readonly mode: 'other';
      readonly keystoneUrl: string;
      readonly userName: string;
      readonly password: string;
      readonly projectName: string;
      readonly domainName: string;
    };

export class RestoreTargetError extends InputError {
  override name = 'RestoreTargetError';
}

/** `restore_target` and `restore_auth` of the restore body. */
export const restoreTargetFields = (
  target: RestoreTarget,
): { restore_target?: string; restore_auth?: Record<string, string> } => {
  if (target.mode === 'same') return {};
  const missing = (
    [
      ['keystoneUrl', 'the Keystone URL of the target cloud'],
      ['userName', 'the user name'],
      ['password', 'the password'],
      ['projectName', 'the target project'],
    ] as const
  ).filter(([key]) => target[key].trim() === '');
  if (missing.length > 0) {
    throw new RestoreTargetError(
      `To restore into another project, enter ${missing.map(([, what]) => what).join(', ')}.`,
    );
  }
  if (!/^https?:\/\/\S+$/.test(target.keystoneUrl.trim())) {
    throw new RestoreTargetError('The Keystone URL must start with https:// (or http://).');
  }
  const domain = target.domainName.trim() || 'Default';
  return {
    restore_target: target.keystoneUrl.trim(),
    restore_auth: {
      type: 'password',
      username: target.userName.trim(),
      password: target.password,
      project_name: target.projectName.trim(),
      user_domain_name: domain,
      project_domain_name: domain,
    },
  };
};

/** Parameters keyed `Type#id` for every resource with at least one option set. */
export const restoreParameters = (
  perResource: ReadonlyMap<Resource, Record<string, string | number | boolean>>,
): Parameters => {
  const parameters: Parameters = {};
  for (const [resource, values] of perResource) {
    if (Object.keys(values).length > 0) parameters[`${resource.type}#${resource.id}`] = values;
  }
  return parameters;
};

export interface ResourceRun {
  readonly key: string;
  readonly type: string;
  readonly id: string;
  readonly status: string;
  readonly reason: string | undefined;
}

/** One row per resource of a restore or verification, errors first. */
export const resourceRuns = (
  run: Pick<Verification, 'resources_status' | 'resources_reason'>,
): ResourceRun[] => {
  const keys = new Set([
    ...Object.keys(run.resources_status ?? {}),
    ...Object.keys(run.resources_reason ?? {}),
  ]);
  const rows = [...keys].map((key) => {
    const hash = key.indexOf('#');
    return {
      key,
      type: hash < 0 ? key : key.slice(0, hash),
      id: hash < 0 ? '' : key.slice(hash + 1),
      status: run.resources_status?.[key] ?? 'unknown',
      reason: run.resources_reason?.[key] || undefined,
    };
  });
  const rank = (status: string) => (status === 'error' ? 0 : status === 'restoring' ? 1 : 2);
  return rows.sort((a, b) => rank(a.status) - rank(b.status) || a.key.localeCompare(b.key));
};

/** Share of resources finished (available or error), for the restore's progress bar. */
export const runPercent = (run: Pick<Verification, 'status' | 'resources_status'>): number | undefined => {
  if (run.status !== 'in_progress') return 100;
  const statuses = Object.values(run.resources_status ?? {});
  if (statuses.length === 0) return undefined;
  const done = statuses.filter((s) => s !== 'restoring' && s !== 'verifying' && s !== 'in_progress').length;
  return Math.round((100 * done) / statuses.length);
};
