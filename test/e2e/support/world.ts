import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { deleteVolume, waitForVolume } from '../../../lib/openstack/block-storage/volumes.js';
import { deleteServer, waitForServerDeleted } from '../../../lib/openstack/compute/servers.js';
import { deleteImage } from '../../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../../lib/openstack/session.js';
import { KarborCli } from '../../../scripts/demo/karbor-cli.js';
import { type KarborServer, startServer } from '../../client/server.js';
import { sessionFor } from '../../openstack/support/cloud.js';
import { deleteRestoredTopology } from '../../workflows/support/restored-topology.js';

/**
 * The end-to-end world: `npm start`'s local stack (local/start.ts in a child process) in
 * keystone mode on the test cloud, with the mover reading the cloud's Ceph pool, and the real
 * karbor CLI as the demo user.
 */

export interface Tenant {
  readonly session: KeystoneSession;
  readonly project: string;
  readonly token: string;
}

export const tenantOf = async (cloud: 'demo' | 'alt_demo'): Promise<Tenant> => {
  const session = sessionFor(cloud);
  const access = await session.access();
  return { session, project: access.project?.id ?? '', token: access.token };
};

export interface World {
  readonly stack: KarborServer;
  readonly dataDir: string;
  readonly demo: Tenant;
  readonly karbor: KarborCli;
}

export const startWorld = async (dataDir: string): Promise<World> => {
  const cloudDir = process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud';
  const stack = await startServer({
    auth: 'keystone',
    timeoutMs: 180_000,
    env: {
      OS_CLIENT_CONFIG_FILE: process.env.OS_CLIENT_CONFIG_FILE ?? join(cloudDir, 'etc', 'clouds.yaml'),
      OS_CLOUD: 'karbor',
      KARBOR_BLOCK_STORE: `file://${dataDir}`,
      KARBOR_RBD_BACKENDS: 'type:rbd=volumes',
      CEPH_CONF: join(cloudDir, 'etc', 'ceph', 'ceph.conf'),
      CEPH_ARGS: '--id karbor-mover',
    },
  });
  const demo = await tenantOf('demo');
  return { stack, dataDir, demo, karbor: new KarborCli(`${stack.url}/v1/${demo.project}`, () => demo.token) };
};

/** Karbor's CLI prints dict fields as JSON or Python literals; both parse here. */
export const parseCliDict = (text: string | undefined): Record<string, string> => {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return JSON.parse(text.replaceAll("u'", "'").replaceAll("'", '"')) as Record<string, string>;
  }
};

/** The ids a restore made of one resource type, from its `resources_status` keys (`<type>#<id>`). */
export const restoredIds = (statuses: Record<string, string>, type: string): string[] =>
  Object.keys(statuses)
    .filter((key) => key.startsWith(`${type}#`))
    .map((key) => key.split('#')[1] as string);

/** Removes what a restore made in `session`'s project: servers, then volumes and images, then Neutron objects. */
export const removeRestored = async (
  session: KeystoneSession,
  restoreId: string,
  statuses: Record<string, string>,
) => {
  const ids = (type: string) => restoredIds(statuses, type);
  for (const id of ids('OS::Nova::Server')) {
    await deleteServer(session, id).catch(() => undefined);
    await waitForServerDeleted(session, id, { timeoutMs: 120_000 }).catch(() => undefined);
  }
  for (const id of ids('OS::Cinder::Volume')) {
    await waitForVolume(session, id, ['available', 'error'], { timeoutMs: 120_000 }).catch(() => undefined);
    await deleteVolume(session, id);
  }
  for (const id of ids('OS::Glance::Image')) await deleteImage(session, id).catch(() => undefined);
  await deleteRestoredTopology(session, restoreId);
};

/** `npm run gc` over the world's block store, without grace periods (nothing else runs meanwhile). */
export const runGc = (dataDir: string): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/run-gc.ts'],
      {
        cwd: join(import.meta.dirname, '..', '..', '..'),
        env: { ...process.env, KARBOR_BLOCK_STORE: `file://${dataDir}`, KARBOR_GC_SAFETY: 'none' },
        timeout: 300_000,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`npm run gc failed: ${stdout}${stderr}`)) : resolve(),
    );
  });
