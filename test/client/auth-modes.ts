import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * How the CLIs authenticate. Both modes end in the same token-based invocation, which the
 * real python-karborclient supports without a Keystone catalog:
 *
 * - legacy: `karbor --os-no-client-auth --os-auth-token <token> --karbor-url <server>/v1/<project>`
 *   (plain `requests` transport, karborclient/common/http.py HTTPClient)
 * - OSC: `openstack --os-auth-type admin_token --os-token <token> --os-endpoint <server>/v1/<project>`
 *   (keystoneauth1 `admin_token` plugin: every service endpoint is the given URL)
 *
 * Only where the token comes from differs: `noauth` makes Karbor noauth tokens
 * (`user:project`, members of their project; `admin:admin`, the admin role on the admin project,
 * is a cloud admin, while `admin:<project>` administers that project only); `keystone` issues
 * real tokens with `openstack --os-cloud <cloud> token issue` for clouds.yaml entries of the
 * test cloud (its `admin` entry is scoped to Keystone's `admin` project: a cloud admin).
 */

/** One caller of the API: a user in a project. */
export interface Caller {
  readonly projectId: string;
  readonly token: string;
}

export interface AuthMode {
  readonly name: 'noauth' | 'keystone';
  /** `KARBOR_AUTH` for our server. */
  readonly serverAuth: string;
  /** Two members of two different projects, and a cloud admin working in the admin project. */
  callers(): Promise<{ readonly a: Caller; readonly b: Caller; readonly admin: Caller }>;
}

const execFileAsync = promisify(execFile);

/** Keystone-style project ids (32 hex digits), which the quota API requires. */
const newProjectId = (): string => randomUUID().replaceAll('-', '');

export const noAuthMode: AuthMode = {
  name: 'noauth',
  serverAuth: 'noauth',
  callers: async () => {
    const a = newProjectId();
    const b = newProjectId();
    return {
      a: { projectId: a, token: `user:${a}` },
      b: { projectId: b, token: `user:${b}` },
      admin: { projectId: 'admin', token: 'admin:admin' },
    };
  },
};

const issueToken = async (cloud: string): Promise<Caller> => {
  const { stdout } = await execFileAsync('openstack', ['--os-cloud', cloud, 'token', 'issue', '-f', 'json']);
  const issued = JSON.parse(stdout) as { id: string; project_id: string };
  return { projectId: issued.project_id, token: issued.id };
};

/** Clouds named by `KARBOR_CLIENT_CLOUD_A` / `_B` (defaults `karbor-a`, `karbor-b`). */
export const keystoneMode: AuthMode = {
  name: 'keystone',
  serverAuth: 'keystone',
  callers: async () => {
    const [a, b, admin] = await Promise.all([
      issueToken(process.env.KARBOR_CLIENT_CLOUD_A ?? 'karbor-a'),
      issueToken(process.env.KARBOR_CLIENT_CLOUD_B ?? 'karbor-b'),
      issueToken(process.env.KARBOR_CLIENT_CLOUD_ADMIN ?? 'karbor-admin'),
    ]);
    return { a, b, admin };
  },
};

/** `KARBOR_CLIENT_AUTH=keystone` selects keystone mode; noauth otherwise. */
export const selectedAuthMode = (): AuthMode =>
  process.env.KARBOR_CLIENT_AUTH === 'keystone' ? keystoneMode : noAuthMode;
