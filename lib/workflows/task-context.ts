import { resolve } from 'node:path';
import { serviceSessionOptions, sharedServiceSession } from '../auth/keystone-validator.js';
import { authModeFromEnv } from '../auth/validator-from-env.js';
import { type Bank, createBank } from '../bank/bank.js';
import { restoreAuthKey } from '../bank/keys.js';
import { getOptionalString, getString } from '../config/env.js';
import { envNames } from '../config/env-names.js';
import { KeystoneSession } from '../openstack/session.js';
import { EventBridgeOperationScheduler } from './eventbridge-scheduler.js';
import type { OperationScheduler } from './operation-scheduler.js';
import { openTargetSession } from './restore/target-session.js';
import { ResourceRunRepository } from './runs/resource-runs.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * What every workflow task reads from its environment, made once per process (a Lambda
 * container or local mode): the Bank, the block store URL and OpenStack sessions acting for a
 * tenant project.
 */

/** Where blocks live: `KARBOR_BLOCK_STORE`, else `file://<KARBOR_DATA_DIR>/blocks` (local mode). */
export const blockStoreUrl = (): string =>
  getOptionalString(envNames.blockStore) ??
  `file://${resolve(getString('KARBOR_DATA_DIR', '.karbor'), 'blocks')}`;

/** Identifies who a workflow acts for: the project, and the Keystone trust its user gave us. */
export interface ActingFor {
  readonly project_id: string;
  readonly trust_id?: string | null | undefined;
}

export class DelegationMissing extends Error {
  override name = 'DelegationMissing';
}

let bank: Bank | undefined;
let runs: ResourceRunRepository | undefined;

export const taskBank = (): Bank => {
  bank ??= createBank();
  return bank;
};

export const taskRuns = (): ResourceRunRepository => {
  runs ??= new ResourceRunRepository(taskBank().store);
  return runs;
};

let scheduler: OperationScheduler | undefined;

/** The scheduler a scheduled run re-arms through: EventBridge Scheduler unless local mode set its own. */
export const taskScheduler = (): OperationScheduler => {
  scheduler ??= new EventBridgeOperationScheduler();
  return scheduler;
};

/** Local mode: the in-process scheduler that fired the run is the one it re-arms. */
export const useTaskScheduler = (local: OperationScheduler): void => {
  scheduler = local;
};

const trustSessions = new Map<string, KeystoneSession>();

/**
 * A session acting in the tenant's project: the Karbor service user redeeming the trust the
 * tenant's user gave when the operation was requested (keystone mode). In noauth mode there is
 * no user to delegate, so the service's own cloud is used, as the protectables are.
 */
export const projectSession = async (actingFor: ActingFor): Promise<KeystoneSession> => {
  const trustId = actingFor.trust_id;
  if (trustId) {
    let session = trustSessions.get(trustId);
    if (!session) {
      const options = await serviceSessionOptions();
      session = new KeystoneSession({ ...options, scope: { trustId } });
      trustSessions.set(trustId, session);
    }
    return session;
  }
  if (authModeFromEnv('keystone') === 'noauth') return sharedServiceSession();
  throw new DelegationMissing(
    `no Keystone trust was given for project ${actingFor.project_id}; the operation cannot act for its user`,
  );
};

const targetSessions = new Map<string, Promise<KeystoneSession>>();

/**
 * Where a run creates things: for a restore with a `restore_target`, the user of its
 * `restore_auth` (the RESTOREAUTH item the API stored) in that cloud; for every other run the
 * trust session of `projectSession`.
 */
export const targetSession = (
  context: Pick<WorkflowContext, 'kind' | 'project_id' | 'run_id' | 'trust_id' | 'restore_target'>,
): Promise<KeystoneSession> => {
  const target = context.restore_target;
  if (context.kind !== 'restore' || !target) return projectSession(context);
  let session = targetSessions.get(context.run_id);
  if (!session) {
    session = (async () => {
      const item = await taskBank().store.get(restoreAuthKey(context.project_id, context.run_id));
      const auth = item?.auth as Record<string, unknown> | undefined;
      if (!auth)
        throw new DelegationMissing(
          `restore ${context.run_id} has a restore_target but its restore_auth is gone (kept for a day)`,
        );
      const options = await serviceSessionOptions().catch(() => undefined);
      return openTargetSession(target, auth, {
        base: options?.interface ? { interface: options.interface } : {},
      });
    })();
    session.catch(() => targetSessions.delete(context.run_id));
    targetSessions.set(context.run_id, session);
  }
  return session;
};
