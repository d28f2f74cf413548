/**
 * The console's pages, addressed by the URL fragment (`#/plans/<id>`) so that the same static
 * files work under any path and need no server-side routing.
 */

export type Route =
  | { readonly page: 'protectables' }
  | { readonly page: 'plans' }
  | { readonly page: 'plan-new' }
  | { readonly page: 'plan-edit'; readonly planId: string }
  | { readonly page: 'checkpoints'; readonly planId: string }
  | { readonly page: 'restore'; readonly providerId: string; readonly checkpointId: string }
  | { readonly page: 'schedules' }
  | { readonly page: 'restores' }
  | { readonly page: 'restore-detail'; readonly restoreId: string }
  | { readonly page: 'verifications' }
  | { readonly page: 'operation-log' }
  | { readonly page: 'not-found'; readonly path: string };

const id = '([0-9a-fA-F-]{1,64})';

const patterns: readonly [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^\/?$/, () => ({ page: 'plans' })],
  [/^\/protectables$/, () => ({ page: 'protectables' })],
  [/^\/plans$/, () => ({ page: 'plans' })],
  [/^\/plans\/new$/, () => ({ page: 'plan-new' })],
  [new RegExp(`^/plans/${id}$`), (m) => ({ page: 'plan-edit', planId: m[1] as string })],
  [new RegExp(`^/plans/${id}/checkpoints$`), (m) => ({ page: 'checkpoints', planId: m[1] as string })],
  [
    new RegExp(`^/providers/${id}/checkpoints/${id}/restore$`),
    (m) => ({ page: 'restore', providerId: m[1] as string, checkpointId: m[2] as string }),
  ],
  [/^\/schedules$/, () => ({ page: 'schedules' })],
  [/^\/restores$/, () => ({ page: 'restores' })],
  [new RegExp(`^/restores/${id}$`), (m) => ({ page: 'restore-detail', restoreId: m[1] as string })],
  [/^\/verifications$/, () => ({ page: 'verifications' })],
  [/^\/operation-log$/, () => ({ page: 'operation-log' })],
];

export const parseRoute = (hash: string): Route => {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  for (const [pattern, route] of patterns) {
    const match = pattern.exec(path);
    if (match) return route(match);
  }
  return { page: 'not-found', path };
};

export const href = {
  protectables: '#/protectables',
  plans: '#/plans',
  newPlan: '#/plans/new',
  plan: (planId: string) => `#/plans/${planId}`,
  checkpoints: (planId: string) => `#/plans/${planId}/checkpoints`,
  restore: (providerId: string, checkpointId: string) =>
    `#/providers/${providerId}/checkpoints/${checkpointId}/restore`,
  schedules: '#/schedules',
  restores: '#/restores',
  restoreDetail: (restoreId: string) => `#/restores/${restoreId}`,
  verifications: '#/verifications',
  operationLog: '#/operation-log',
} as const;
