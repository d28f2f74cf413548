import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCloudConfig } from '../../lib/openstack/config/cloud-config.js';
import { KeystoneSession } from '../../lib/openstack/session.js';

/**
 * Global setup of the openstack tier: finds the test cloud that `npm run cloud:up` started
 * (clouds.yaml under $KARBOR_TESTCLOUD_DIR/etc, or $KARBOR_CLOUDS_YAML), checks that Keystone
 * answers and the demo user can log in, and exports for the tests:
 *   OS_CLIENT_CONFIG_FILE        the clouds.yaml (clouds admin, demo, alt_demo, karbor)
 *   KARBOR_TESTCLOUD_DIR         the cloud's state directory
 *   KARBOR_TESTCLOUD_CEPH_CONF   ceph.conf for the read-only mover key (client.karbor-mover)
 * Fails (never skips) when the cloud is not there.
 */

const hint = 'run `npm run cloud:up` (as root) to start the test cloud';

export default async function setup(): Promise<void> {
  const dir = process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud';
  const clouds = process.env.KARBOR_CLOUDS_YAML ?? join(dir, 'etc', 'clouds.yaml');
  if (!existsSync(clouds)) throw new Error(`openstack tier: ${clouds} does not exist: ${hint}`);
  const options = loadCloudConfig('demo', { OS_CLIENT_CONFIG_FILE: clouds });
  try {
    const access = await new KeystoneSession(options).access();
    if (!access.project) throw new Error('the demo token has no project');
  } catch (error) {
    throw new Error(
      `openstack tier: Keystone at ${options.authUrl} is not usable (${(error as Error).message}): ${hint}`,
      {
        cause: error,
      },
    );
  }
  for (const name of Object.keys(process.env)) if (name.startsWith('OS_')) delete process.env[name];
  process.env.OS_CLIENT_CONFIG_FILE = clouds;
  process.env.KARBOR_TESTCLOUD_DIR = dir;
  process.env.KARBOR_TESTCLOUD_CEPH_CONF = join(dir, 'etc', 'ceph', 'ceph.conf');
}
