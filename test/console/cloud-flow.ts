import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Volume } from '../../lib/openstack/block-storage/volumes.js';
import type { KarborServer } from '../client/server.js';
import { Cleanup, cloudsYaml, sessionFor, uniqueName } from '../openstack/support/cloud.js';
import { makeVolume } from '../openstack/support/fixtures.js';
import { visit } from '../support/console-browser.js';
import { startConsoleServer } from './console-server.js';

/**
 * The steps the keystone-mode browser tests share: `npm start` validating real tokens of the
 * test cloud, a fresh volume of the demo project, and the console flow up to "Protect now".
 */

export const demo = { user: 'demo', password: 'secret', project: 'demo', domain: 'Default' } as const;

export interface CloudWorld {
  readonly server: KarborServer;
  readonly volume: Volume;
  readonly cleanup: Cleanup;
}

export const startCloudWorld = async (): Promise<CloudWorld> => {
  const cleanup = new Cleanup();
  const volume = await makeVolume(sessionFor('demo'), cleanup, { size: 1, name: uniqueName('console') });
  const server = await startConsoleServer({
    auth: 'keystone',
    env: { OS_CLIENT_CONFIG_FILE: cloudsYaml(), OS_CLOUD: 'karbor' },
  });
  cleanup.add('karbor server', () => server.stop());
  return { server, volume, cleanup };
};

export const signInWithPassword = async (page: Page, url: string): Promise<void> => {
  await page.goto(`${url}/console/`);
  await visit(page, 'keystone-sign-in', 'Sign in to Karbor');
  await page.getByLabel('User name').fill(demo.user);
  await page.getByLabel('Password').fill(demo.password);
  await page.getByLabel('Project', { exact: true }).fill(demo.project);
  await page.getByLabel('Domain').fill(demo.domain);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await visit(page, 'keystone-plans', 'Plans');
  await expect.poll(() => page.locator('header').textContent()).toContain('demo');
};

/** Builds a plan of the volume with the provider's options and protects it; returns the checkpoint's row. */
export const planAndProtect = async (page: Page, volume: Volume, planName: string) => {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Resources' }).click();
  await page.getByRole('heading', { name: 'Resources' }).waitFor();
  await page
    .getByText(volume.name ?? volume.id)
    .first()
    .waitFor();
  await visit(page, 'keystone-protectables', 'Resources');

  await page.getByRole('link', { name: 'Create a plan' }).click();
  await page.getByRole('heading', { name: 'New plan' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(planName);
  await page.getByRole('checkbox', { name: new RegExp(`Volume ${volume.name}`) }).check();
  const options = page.getByRole('group', { name: 'Volume options' });
  await options.getByLabel('Block size (MiB)').selectOption('1');
  expect(await options.getByLabel('Incremental').isChecked()).toBe(true);
  await visit(page, 'keystone-plan-new', 'New plan');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await page.getByRole('heading', { name: `Checkpoints of ${planName}` }).waitFor();

  await page.getByRole('button', { name: 'Protect now' }).click();
  const row = page.getByRole('table', { name: 'Checkpoints' }).getByRole('row').nth(1);
  await row.locator('.badge').waitFor();
  return row;
};
