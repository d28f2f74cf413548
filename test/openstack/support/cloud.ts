import { randomBytes } from 'node:crypto';
import { loadCloudConfig } from '../../../lib/openstack/config/cloud-config.js';
import { isNotFound } from '../../../lib/openstack/errors.js';
import { KeystoneSession, type SessionOptions } from '../../../lib/openstack/session.js';
import { HttpTransport } from '../../../lib/openstack/transport.js';

/**
 * Helpers for the openstack tier: sessions for the test cloud's clouds (admin, demo, alt_demo,
 * karbor) from the clouds.yaml the global setup found, unique resource names, and a cleanup
 * stack that undoes what a suite made, newest first, ignoring what is already gone.
 */

export type CloudName = 'admin' | 'demo' | 'alt_demo' | 'karbor';

export const cloudsYaml = (): string => {
  const path = process.env.OS_CLIENT_CONFIG_FILE;
  if (!path) throw new Error('OS_CLIENT_CONFIG_FILE is not set: the openstack global setup did not run');
  return path;
};

export const cloudOptions = (cloud: CloudName): SessionOptions =>
  loadCloudConfig(cloud, { OS_CLIENT_CONFIG_FILE: cloudsYaml(), HOME: process.env.HOME });

export const sessionFor = (cloud: CloudName, extra: Partial<SessionOptions> = {}): KeystoneSession =>
  new KeystoneSession({ ...cloudOptions(cloud), ...extra });

export const sessionWithFetch = (cloud: CloudName, fetchImpl: typeof fetch): KeystoneSession =>
  sessionFor(cloud, { transport: new HttpTransport({ fetch: fetchImpl }) });

export const uniqueName = (what: string): string => `karbor-test-${what}-${randomBytes(3).toString('hex')}`;

export class Cleanup {
  readonly #steps: { what: string; run: () => Promise<unknown> }[] = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.#steps.push({ what, run });
  }

  async run(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.#steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        if (!isNotFound(error)) failures.push(`${step.what}: ${(error as Error).message}`);
      }
    }
    this.#steps.length = 0;
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}
