import { randomUUID } from 'node:crypto';
import { restoreAuthKey } from '../../bank/keys.js';
import type { ProjectCollection } from '../../bank/project-collection.js';
import type { RestoreRecord, VerificationRecord } from '../../bank/records.js';
import type { ApiServices } from '../api-services.js';
import { BadRequest, NotFound } from '../faults.js';
import { parseJsonBody } from '../http/api-event.js';
import type { ApiRequest, GroupControllers } from '../http/api-types.js';
import { withLiveResources } from '../live-progress.js';
import { recordOperationEnd, recordOperationStart } from '../operation-log-writer.js';
import { checkParameters } from '../plan-rules.js';
import { callerOf } from '../policy.js';
import { checkpointForRun, checkVerifyParameters } from '../run-rules.js';
import { validateCreateRestore, validateCreateVerification } from '../schemas/runs.js';
import { isUuidLike } from '../validation.js';
import { findVisible, listCollection } from '../visibility.js';

/**
 * Restores and verifications share their life cycle: a record `in_progress`, an operation log,
 * a workflow, then `success` or `fail`. Unlike Karbor, a request that cannot run is refused
 * with a 4xx fault instead of a 200 whose status is already `fail` (reference §11 item 5).
 */

type RunRecord = RestoreRecord | VerificationRecord;

interface RunKind<R extends RunRecord> {
  readonly singular: 'restore' | 'verification';
  readonly plural: 'restores' | 'verifications';
  readonly idParameter: string;
  readonly label: string;
  readonly collection: (services: ApiServices) => ProjectCollection<R>;
  readonly prepare: (
    request: ApiRequest,
    services: ApiServices,
  ) => Promise<{ record: R; secret?: Record<string, unknown> }>;
  readonly columns: readonly string[];
}

const runView = (record: RunRecord) => {
  const { created_at: _created, updated_at: _updated, ...view } = record;
  return view;
};

const restoreKind: RunKind<RestoreRecord> = {
  singular: 'restore',
  plural: 'restores',
  idParameter: 'restore_id',
  label: 'Restore',
  collection: (services) => services.bank.restores,
  columns: ['id', 'provider_id', 'checkpoint_id', 'restore_target', 'status'],
  prepare: async (request, services) => {
    const caller = callerOf(request);
    const { restore: input } = validateCreateRestore(parseJsonBody(request));
    const checkpoint = await checkpointForRun(services, caller, input.provider_id, input.checkpoint_id);
    const provider = services.providers.get(checkpoint.provider_id);
    if (provider) checkParameters(input.parameters, provider, 'restore_schema');
    if (input.restore_auth && !input.restore_target)
      throw new BadRequest('restore_auth needs a restore_target.');
    const record: RestoreRecord = {
      id: randomUUID(),
      project_id: caller.projectId,
      created_at: services.now().toISOString(),
      provider_id: checkpoint.provider_id,
      checkpoint_id: checkpoint.id,
      restore_target: input.restore_target ?? null,
      parameters: input.parameters,
      status: 'in_progress',
      resources_status: {},
      resources_reason: {},
    };
    return input.restore_auth ? { record, secret: input.restore_auth } : { record };
  },
};

const verificationKind: RunKind<VerificationRecord> = {
  singular: 'verification',
  plural: 'verifications',
  idParameter: 'verification_id',
  label: 'Verification',
  collection: (services) => services.bank.verifications,
  columns: ['id', 'provider_id', 'checkpoint_id', 'status'],
  prepare: async (request, services) => {
    const caller = callerOf(request);
    const { verification: input } = validateCreateVerification(parseJsonBody(request));
    const checkpoint = await checkpointForRun(services, caller, input.provider_id, input.checkpoint_id);
    checkVerifyParameters(input.parameters ?? {});
    return {
      record: {
        id: randomUUID(),
        project_id: caller.projectId,
        created_at: services.now().toISOString(),
        provider_id: checkpoint.provider_id,
        checkpoint_id: checkpoint.id,
        parameters: input.parameters ?? {},
        status: 'in_progress',
        resources_status: {},
        resources_reason: {},
      },
    };
  },
};

const runControllers = <R extends RunRecord>(kind: RunKind<R>): GroupControllers<ApiServices> => {
  const notFound = (id: string) => new NotFound(`${kind.label} ${id} could not be found.`);

  const index = (request: ApiRequest, services: ApiServices) =>
    listCollection(request, kind.collection(services), {
      name: kind.plural,
      allowedFilters: ['status'],
      filters: { regexFields: [], columns: [...kind.columns, 'project_id'], unknownFieldEmptiesResult: true },
      view: runView,
      markerNotFound: notFound,
    });

  const show = async (request: ApiRequest, services: ApiServices) => {
    const caller = callerOf(request);
    const id = request.pathParameters[kind.idParameter] ?? '';
    if (!isUuidLike(id)) throw new BadRequest(`Invalid ${kind.singular} id provided.`);
    const record = await findVisible(kind.collection(services), caller, id);
    if (!record) throw notFound(id);
    return { status: 200, body: { [kind.singular]: runView(await withLiveResources(services, record)) } };
  };

  const create = async (request: ApiRequest, services: ApiServices) => {
    const { record, secret } = await kind.prepare(request, services);
    await kind.collection(services).create(record);
    if (secret) await storeRestoreAuth(services, record, secret);
    const log = await recordOperationStart(services.bank, {
      project_id: record.project_id,
      operation_type: kind.singular === 'restore' ? 'restore' : 'verify',
      status: 'in_progress',
      now: services.now(),
      checkpoint_id: record.checkpoint_id,
      provider_id: record.provider_id,
      restore_id: kind.singular === 'restore' ? record.id : null,
    });
    const workflow = kind.singular === 'restore' ? 'restore' : 'verify';
    try {
      await services.orchestrator.start(workflow, `${workflow}-${record.id}`, {
        project_id: record.project_id,
        [`${kind.singular}_id`]: record.id,
        checkpoint_id: record.checkpoint_id,
        provider_id: record.provider_id,
        operation_log_id: log.id,
        trust_id: await services.delegation.delegate(callerOf(request)),
      });
      return { status: 200, body: { [kind.singular]: runView(record) } };
    } catch (error) {
      const reason = `the ${workflow} workflow could not start: ${(error as Error).message}`;
      await recordOperationEnd(services.bank, log, 'fail', services.now(), reason);
      const failed = await kind.collection(services).update(record.project_id, record.id, {
        status: 'fail',
        resources_reason: { [workflow]: reason },
      } as Partial<R> & Record<string, unknown>);
      return { status: 200, body: { [kind.singular]: runView(failed) } };
    }
  };

  return { index, show, create };
};

/** Credentials for the restore target: kept apart, encrypted at rest, expiring after a day. */
const storeRestoreAuth = async (
  services: ApiServices,
  record: RunRecord,
  secret: Record<string, unknown>,
) => {
  const expiresAt = Math.floor(services.now().getTime() / 1000) + 24 * 3600;
  await services.bank.store.put(restoreAuthKey(record.project_id, record.id), {
    kind: 'RESTOREAUTH',
    auth: secret,
    expiresAt,
  });
};

export const restoreControllers = runControllers(restoreKind);
export const verificationControllers = runControllers(verificationKind);
