/**
 * Every key format of the Bank, in one module (see table-definition.ts for the indexes).
 *
 * - main:  pk `P#<project>`, sk `<KIND>#<id>` — every tenant item lives under its project.
 * - gsi1:  `P#<project>#<KIND>` (checkpoints: `…#CKPT#PROV#<provider>`), sk `<created>#<id>`.
 * - gsi2:  checkpoints by plan `P#<project>#CKPT#PLAN#<plan>`; other kinds `K#<KIND>` for
 *          admin `all_tenants` listings; sk `<created>#<id>`.
 * - gsi3:  `ID#<id>`, sk `<KIND>` — find an object by id across projects (admins, and the
 *          403-versus-404 distinction for checkpoints).
 * Global items (quota classes, services) live under pk `GLOBAL`.
 */

export const itemKinds = {
  plan: 'PLAN',
  checkpoint: 'CKPT',
  restore: 'RESTORE',
  verification: 'VERIFY',
  trigger: 'TRIGGER',
  scheduledOperation: 'SCHEDOP',
  operationLog: 'OPLOG',
} as const;
export type ItemKind = (typeof itemKinds)[keyof typeof itemKinds];

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const projectPk = (project: string): string => `P#${project}`;

export const itemKey = (project: string, kind: ItemKind, id: string): ItemKey => ({
  pk: projectPk(project),
  sk: `${kind}#${id}`,
});

const timeOrderKey = (createdAt: string, id: string): string => `${createdAt}#${id}`;

export interface IndexKeys {
  readonly gsi1pk: string;
  readonly gsi1sk: string;
  readonly gsi2pk: string;
  readonly gsi2sk: string;
  readonly gsi3pk: string;
  readonly gsi3sk: string;
}

export const collectionKey = (project: string, kind: ItemKind): string => `${projectPk(project)}#${kind}`;
export const allTenantsKey = (kind: ItemKind): string => `K#${kind}`;
export const checkpointsByProviderKey = (project: string, provider: string): string =>
  `${collectionKey(project, itemKinds.checkpoint)}#PROV#${provider}`;
export const checkpointsByPlanKey = (project: string, plan: string): string =>
  `${collectionKey(project, itemKinds.checkpoint)}#PLAN#${plan}`;
export const idLookupKey = (id: string): string => `ID#${id}`;

export const indexKeys = (project: string, kind: ItemKind, id: string, createdAt: string): IndexKeys => ({
  gsi1pk: collectionKey(project, kind),
  gsi1sk: timeOrderKey(createdAt, id),
  gsi2pk: allTenantsKey(kind),
  gsi2sk: timeOrderKey(createdAt, id),
  gsi3pk: idLookupKey(id),
  gsi3sk: kind,
});

export const checkpointIndexKeys = (
  project: string,
  id: string,
  createdAt: string,
  provider: string,
  plan: string,
): IndexKeys => ({
  gsi1pk: checkpointsByProviderKey(project, provider),
  gsi1sk: timeOrderKey(createdAt, id),
  gsi2pk: checkpointsByPlanKey(project, plan),
  gsi2sk: timeOrderKey(createdAt, id),
  gsi3pk: idLookupKey(id),
  gsi3sk: itemKinds.checkpoint,
});

export const quotaLimitsKey = (project: string): ItemKey => ({ pk: projectPk(project), sk: 'QUOTA#LIMITS' });
export const quotaUsageKey = (project: string, resource: string): ItemKey => ({
  pk: projectPk(project),
  sk: `QUOTA#USAGE#${resource}`,
});
export const quotaClassKey = (name: string): ItemKey => ({ pk: 'GLOBAL', sk: `QCLASS#${name}` });
export const serviceKey = (id: number): ItemKey => ({
  pk: 'GLOBAL',
  sk: `SERVICE#${String(id).padStart(6, '0')}`,
});
export const servicesPrefix = { pk: 'GLOBAL', skPrefix: 'SERVICE#' } as const;

/** Restore-target credentials, apart from the restore record and removed by TTL. */
export const restoreAuthKey = (project: string, restoreId: string): ItemKey => ({
  pk: projectPk(project),
  sk: `RESTOREAUTH#${restoreId}`,
});

/**
 * One item per resource of a workflow run (a protect, restore, verify or delete of one
 * checkpoint): the resource's step, its temporaries, its progress and its result.
 */
export const resourceRunKey = (project: string, runId: string, resourceKey: string): ItemKey => ({
  pk: projectPk(project),
  sk: `RUN#${runId}#${resourceKey}`,
});
export const resourceRunsPrefix = (project: string, runId: string) =>
  ({ pk: projectPk(project), skPrefix: `RUN#${runId}#` }) as const;
