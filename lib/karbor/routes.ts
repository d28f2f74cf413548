/**
 * The single route table of the Karbor v1 API (shared/reference/karbor-api.md §1.2).
 *
 * API Gateway resources (infra/) and the local HTTP adapter (local/) are both built from this
 * list, and each Lambda of a group dispatches on `routeKey`, so AWS and local mode serve the
 * same routes by construction.
 */

export const httpMethods = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** One Lambda function per group; the name is also the file name under functions/api/. */
export const apiGroups = [
  'versions',
  'providers',
  'checkpoints',
  'plans',
  'protectables',
  'restores',
  'verifications',
  'triggers',
  'scheduled-operations',
  'operation-logs',
  'services',
  'quotas',
  'quota-classes',
] as const;
export type ApiGroup = (typeof apiGroups)[number];

export interface Route {
  readonly method: HttpMethod;
  /** Path template; `{name}` is one path segment. */
  readonly path: string;
  readonly group: ApiGroup;
  /** The operation inside the group, e.g. `index`, `show`, `create`. */
  readonly action: string;
  /** False only for the versions document, which Karbor serves without authentication. */
  readonly authenticated: boolean;
}

const P = '/v1/{project_id}';

const route = (method: HttpMethod, path: string, group: ApiGroup, action: string): Route => ({
  method,
  path: `${P}${path}`,
  group,
  action,
  authenticated: true,
});

/**
 * Karbor's routes.Mapper also registers `POST /<collection>/{id}/action` for every resource,
 * but no controller has actions, so they always answer 400 "There is no such action".
 */
const memberAction = (collection: string, idName: string, group: ApiGroup): Route =>
  route('POST', `/${collection}/{${idName}}/action`, group, 'action');

export const routes: readonly Route[] = [
  { method: 'GET', path: '/', group: 'versions', action: 'index', authenticated: false },
  { method: 'GET', path: '/v1', group: 'versions', action: 'index', authenticated: false },

  route('GET', '/providers', 'providers', 'index'),
  route('GET', '/providers/{provider_id}', 'providers', 'show'),
  memberAction('providers', 'provider_id', 'providers'),

  route('GET', '/providers/{provider_id}/checkpoints', 'checkpoints', 'index'),
  route('POST', '/providers/{provider_id}/checkpoints', 'checkpoints', 'create'),
  route('POST', '/providers/{provider_id}/checkpoints/action', 'checkpoints', 'copy'),
  route('GET', '/providers/{provider_id}/checkpoints/{checkpoint_id}', 'checkpoints', 'show'),
  route('PUT', '/providers/{provider_id}/checkpoints/{checkpoint_id}', 'checkpoints', 'resetState'),
  route('DELETE', '/providers/{provider_id}/checkpoints/{checkpoint_id}', 'checkpoints', 'delete'),

  route('GET', '/plans', 'plans', 'index'),
  route('POST', '/plans', 'plans', 'create'),
  route('GET', '/plans/{plan_id}', 'plans', 'show'),
  route('PUT', '/plans/{plan_id}', 'plans', 'update'),
  route('DELETE', '/plans/{plan_id}', 'plans', 'delete'),
  memberAction('plans', 'plan_id', 'plans'),

  route('GET', '/protectables', 'protectables', 'index'),
  route('GET', '/protectables/{protectable_type}', 'protectables', 'show'),
  route('GET', '/protectables/{protectable_type}/instances', 'protectables', 'instances'),
  route('GET', '/protectables/{protectable_type}/instances/{protectable_id}', 'protectables', 'instance'),
  memberAction('protectables', 'protectable_type', 'protectables'),

  route('GET', '/restores', 'restores', 'index'),
  route('POST', '/restores', 'restores', 'create'),
  route('GET', '/restores/{restore_id}', 'restores', 'show'),
  memberAction('restores', 'restore_id', 'restores'),

  route('GET', '/verifications', 'verifications', 'index'),
  route('POST', '/verifications', 'verifications', 'create'),
  route('GET', '/verifications/{verification_id}', 'verifications', 'show'),
  memberAction('verifications', 'verification_id', 'verifications'),

  route('GET', '/triggers', 'triggers', 'index'),
  route('POST', '/triggers', 'triggers', 'create'),
  route('GET', '/triggers/{trigger_id}', 'triggers', 'show'),
  route('PUT', '/triggers/{trigger_id}', 'triggers', 'update'),
  route('DELETE', '/triggers/{trigger_id}', 'triggers', 'delete'),
  memberAction('triggers', 'trigger_id', 'triggers'),

  route('GET', '/scheduled_operations', 'scheduled-operations', 'index'),
  route('POST', '/scheduled_operations', 'scheduled-operations', 'create'),
  route('GET', '/scheduled_operations/{scheduled_operation_id}', 'scheduled-operations', 'show'),
  route('DELETE', '/scheduled_operations/{scheduled_operation_id}', 'scheduled-operations', 'delete'),
  memberAction('scheduled_operations', 'scheduled_operation_id', 'scheduled-operations'),

  route('GET', '/operation_logs', 'operation-logs', 'index'),
  route('GET', '/operation_logs/{operation_log_id}', 'operation-logs', 'show'),
  memberAction('operation_logs', 'operation_log_id', 'operation-logs'),

  route('GET', '/os-services', 'services', 'index'),
  route('PUT', '/os-services/{service_id}', 'services', 'update'),
  memberAction('os-services', 'service_id', 'services'),

  route('GET', '/quotas/{target_project_id}', 'quotas', 'show'),
  route('PUT', '/quotas/{target_project_id}', 'quotas', 'update'),
  route('DELETE', '/quotas/{target_project_id}', 'quotas', 'delete'),
  route('GET', '/quotas/{target_project_id}/defaults', 'quotas', 'defaults'),
  route('GET', '/quotas/{target_project_id}/detail', 'quotas', 'detail'),
  memberAction('quotas', 'target_project_id', 'quotas'),

  route('GET', '/quota_classes/{class_name}', 'quota-classes', 'show'),
  route('PUT', '/quota_classes/{class_name}', 'quota-classes', 'update'),
  memberAction('quota_classes', 'class_name', 'quota-classes'),
];

/** The key a group handler dispatches on; API Gateway puts the same pair in every event. */
export const routeKey = (method: string, path: string): string => `${method} ${path}`;

export const routesOfGroup = (group: ApiGroup): Route[] => routes.filter((r) => r.group === group);
