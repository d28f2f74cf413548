import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleBrowser, openConsoleBrowser, visit } from '../support/console-browser.js';
import { type CloudWorld, planAndProtect, signInWithPassword, startCloudWorld } from './cloud-flow.js';

/**
 * The console against `npm start` in keystone mode and the OpenStack test cloud, up to
 * "Protect now": Keystone sign-in through the same-origin pass-through, the demo project's
 * volume in the resource tree, a plan with provider options, a checkpoint that shows its
 * state. The rest of the flow (bar to 100 %, restore) is test/console/workflows/.
 */

let world: CloudWorld;
let browser: ConsoleBrowser;
let page: Page;

beforeAll(async () => {
  world = await startCloudWorld();
  browser = await openConsoleBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await world?.cleanup.run();
});

describe('the console in keystone mode', () => {
  it('signs in with a Keystone password and shows the project name', async () => {
    await signInWithPassword(page, world.server.url);
  });

  it('builds a plan from a volume and protects it', async () => {
    const row = await planAndProtect(page, world.volume, 'volume plan');
    // the protect runs for real: wait for it, so that no snapshot of the volume outlives the test
    const badge = row.locator('.badge');
    await expect.poll(() => badge.textContent(), { timeout: 480_000, interval: 1000 }).not.toBe('protecting');
    expect(await badge.textContent(), (await row.textContent()) ?? '').toBe('available');
    await visit(page, 'keystone-checkpoints', /Checkpoints of volume plan/);
  });

  it('lists the protect in the operation log and signs out, revoking the token', async () => {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Operation log' })
      .click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Operations' }).textContent())
      .toContain('protect');
    await visit(page, 'keystone-operation-log', 'Operation log');
    const token = await page.evaluate<string>(
      "JSON.parse(sessionStorage.getItem('karbor-console.session')).token",
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await expect
      .poll(async () => {
        const check = await fetch(`${world.server.url}/identity/v3/auth/tokens`, {
          headers: { 'X-Auth-Token': token, 'X-Subject-Token': token },
        });
        return check.status;
      })
      .toBeOneOf([401, 404]);
  });
});
