import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeystoneValidator } from '../../../lib/auth/keystone-validator.js';
import { CachingTokenValidator } from '../../../lib/auth/token-validator.js';
import { openStackProtectables } from '../../../lib/karbor/openstack-protectables.js';
import type { OperationScheduler } from '../../../lib/workflows/operation-scheduler.js';
import { useTaskScheduler } from '../../../lib/workflows/task-context.js';
import { LocalOrchestrator } from '../../../local/local-orchestrator.js';
import { sessionFor } from '../../openstack/support/cloud.js';
import { type ApiUnderTest, startApiUnderTest } from '../../support/api-under-test.js';

/**
 * The API in keystone mode against the test cloud with the real local orchestrator: the
 * statemachines/ files run in-process, task handlers call the test cloud as the karbor service
 * user through each operation's trust, and the mover runs as a child process into a file store.
 */

export interface Tenant {
  readonly token: string;
  readonly project: string;
}

export interface WorkflowApi {
  readonly api: ApiUnderTest;
  readonly orchestrator: LocalOrchestrator;
  readonly store: string;
  call(who: Tenant, method: string, path: string, body?: unknown): ReturnType<ApiUnderTest['call']>;
  close(): Promise<void>;
}

const noScheduler: OperationScheduler = {
  arm: async () => undefined,
  disarm: async () => undefined,
  occurrenceFired: async () => undefined,
};

export const tenant = async (cloud: 'demo' | 'alt_demo'): Promise<Tenant> => {
  const access = await sessionFor(cloud).access();
  return { token: access.token, project: access.project?.id ?? '' };
};

export interface WorkflowApiOptions {
  /** how scheduled operations are armed (default: never fired) */
  readonly scheduler?: (orchestrator: LocalOrchestrator) => OperationScheduler;
}

export const startWorkflowApi = async (options: WorkflowApiOptions = {}): Promise<WorkflowApi> => {
  process.env.OS_CLOUD = 'karbor';
  process.env.KARBOR_AUTH = 'keystone';
  const store = `file://${mkdtempSync(join(tmpdir(), 'karbor-blocks-'))}`;
  process.env.KARBOR_BLOCK_STORE = store;
  const orchestrator = new LocalOrchestrator({ waitTimeOverrides: {} });
  const scheduler = options.scheduler?.(orchestrator) ?? noScheduler;
  // as local/start.ts: a scheduled run re-arms through the scheduler that fired it
  useTaskScheduler(scheduler);
  const api = await startApiUnderTest(
    {
      protectables: openStackProtectables('keystone'),
      scheduler,
      orchestrator,
    },
    new CachingTokenValidator(createKeystoneValidator()),
  );
  return {
    api,
    orchestrator,
    store,
    call: (who, method, path, body) =>
      api.call(method, `/v1/${who.project}${path}`, {
        token: who.token,
        ...(body === undefined ? {} : { body }),
      }),
    close: () => api.close(),
  };
};

/** Polls `read` until `done` holds; fails with the last value after `timeoutMs`. */
export const eventually = async <T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 300_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    value = await read();
  }
  return value;
};
