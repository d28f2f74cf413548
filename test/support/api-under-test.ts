import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isCloudAdmin } from '../../lib/auth/admin-scope.js';
import { InvalidToken, type TokenValidator } from '../../lib/auth/token-validator.js';
import { type ApiServices, overrideApiServices } from '../../lib/karbor/api-services.js';
import {
  InstanceNotFound,
  type ProtectableResource,
  type ProtectablesView,
} from '../../lib/karbor/protectables-port.js';
import type { Orchestrator, WorkflowName } from '../../lib/workflows/orchestrator.js';
import { startApiServer } from '../../local/api-server.js';
import { ensureBankTable } from '../../local/emulators/dynamodb-local.js';

/**
 * The API exactly as `npm start` serves it (local adapter → Lambda handlers → DynamoDB Local),
 * on a fresh table, for contract tests. Tokens are `user:project[:admin]`: callers have the
 * admin role only when they say so, and it is cloud-wide only on the admin project
 * (`KARBOR_ADMIN_PROJECT`, which `startApiUnderTest`'s `adminProject` sets), so policy paths
 * can be tested.
 */

export const roleTokens: TokenValidator = {
  async validate(token) {
    const [userId, projectId, role] = token.split(':');
    if (!userId || !projectId) throw new InvalidToken('tokens look like user:project[:admin]');
    const roles = role === 'admin' ? ['admin'] : ['member'];
    return {
      caller: { userId, projectId, roles, isAdmin: isCloudAdmin({ roles, projectId }) },
      expiresAt: new Date(Date.now() + 3600_000),
    };
  },
};

export class RecordingOrchestrator implements Orchestrator {
  readonly started: { workflow: WorkflowName; name: string; input: Readonly<Record<string, unknown>> }[] = [];
  failWith: Error | undefined;

  async start(workflow: WorkflowName, name: string, input: Readonly<Record<string, unknown>>): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.started.push({ workflow, name, input });
  }
}

/** A project whose instances are given by the test; the graph is the plan's resources in order. */
export const fixedProtectables = (resources: ProtectableResource[]): ProtectablesView => {
  const instances = resources.map((r) => ({ ...r, dependent_resources: [] }));
  return {
    listInstances: async (type) => instances.filter((i) => i.type === type),
    showInstance: async (type, id) => {
      const found = instances.find((i) => i.type === type && i.id === id);
      if (!found) throw new InstanceNotFound(`${type} ${id} could not be found.`);
      return found;
    },
    buildGraph: async (planned) =>
      JSON.stringify([
        Object.fromEntries(planned.map((r, index) => [`0x${index}`, [r.type, r.id, r.name, r.extra_info]])),
        [],
      ]),
  };
};

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

export interface ApiUnderTest {
  readonly url: string;
  readonly orchestrator: RecordingOrchestrator;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; contentType?: string },
  ): Promise<Reply>;
  close(): Promise<void>;
}

/** Overrides of the API's services; a function receives the fresh table's name (to build a Bank on it). */
export type ServiceOverrides = Partial<ApiServices> | ((tableName: string) => Partial<ApiServices>);

export const startApiUnderTest = async (
  overrides: ServiceOverrides = {},
  validator: TokenValidator = roleTokens,
  options: { adminProject?: string } = {},
): Promise<ApiUnderTest> => {
  const previousAdminProject = process.env.KARBOR_ADMIN_PROJECT;
  if (options.adminProject !== undefined) process.env.KARBOR_ADMIN_PROJECT = options.adminProject;
  const tableName = `bank-${randomUUID()}`;
  process.env.KARBOR_TABLE_NAME = tableName;
  const client = new DynamoDBClient({});
  await ensureBankTable(client, tableName);
  client.destroy();
  const orchestrator = new RecordingOrchestrator();
  overrideApiServices({
    orchestrator,
    protectables: () => fixedProtectables([]),
    ...(typeof overrides === 'function' ? overrides(tableName) : overrides),
  });
  const api = await startApiServer({ port: 0, authMode: 'noauth', validator });
  const call: ApiUnderTest['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['X-Auth-Token'] = options.token;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${api.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body, text, headers: response.headers };
  };
  return {
    url: api.url,
    orchestrator,
    call,
    close: async () => {
      await api.close();
      overrideApiServices(undefined);
      if (previousAdminProject === undefined) delete process.env.KARBOR_ADMIN_PROJECT;
      else process.env.KARBOR_ADMIN_PROJECT = previousAdminProject;
    },
  };
};
