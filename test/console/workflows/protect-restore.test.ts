import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteVolume,
  listVolumes,
  waitForVolumeDeleted,
} from '../../../lib/openstack/block-storage/volumes.js';
import { sessionFor } from '../../openstack/support/cloud.js';
import { type ConsoleBrowser, openConsoleBrowser, snapshot, visit } from '../../support/console-browser.js';
import { type CloudWorld, planAndProtect, signInWithPassword, startCloudWorld } from '../cloud-flow.js';

/**
 * Issue #7's whole flow in the browser: sign in, build a plan from a volume, protect it and
 * watch the bar reach 100 %, restore it, see the operation log, sign out, through the real
 * protect and restore workflows on the test cloud.
 */

let world: CloudWorld;
let browser: ConsoleBrowser;
let page: Page;
let checkpoint: Locator;

beforeAll(async () => {
  world = await startCloudWorld();
  browser = await openConsoleBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await world?.cleanup.run();
});

const statusOf = async (row: Locator) => (await row.locator('.badge').textContent()) ?? '';

describe('protect and restore from the console', () => {
  it('protects a volume while the bar climbs to 100 %', async () => {
    await signInWithPassword(page, world.server.url);
    checkpoint = await planAndProtect(page, world.volume, 'restore me');
    const seen: number[] = [];
    const deadline = Date.now() + 480_000;
    let status = await statusOf(checkpoint);
    while (status === 'protecting' && Date.now() < deadline) {
      const value = await checkpoint
        .getByRole('progressbar')
        .getAttribute('aria-valuenow')
        .catch(() => null);
      if (value !== null) seen.push(Number(value));
      if (seen.length === 1) await snapshot(page, 'workflow-protecting');
      await page.waitForTimeout(250);
      status = await statusOf(checkpoint);
    }
    const reason = status === 'error' ? await checkpoint.textContent() : '';
    expect(status, `checkpoint ended ${status}: ${reason}`).toBe('available');
    expect(seen.length, 'the progress bar was shown while protecting').toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await checkpoint.getByRole('cell').nth(1).textContent()).not.toBe('—'); // size
    await visit(page, 'workflow-available', /Checkpoints of restore me/);
  });

  it('restores it into the same project and shows each resource come back', async () => {
    await checkpoint.getByRole('link', { name: /Restore/ }).click();
    await visit(page, 'restore-target', 'Restore a checkpoint');
    await page.getByRole('button', { name: 'Next' }).click();
    await visit(page, 'restore-options', 'Restore a checkpoint');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Start restore' }).click();
    await page.getByRole('heading', { name: /^Restore [0-9a-f]{8}$/ }).waitFor();
    const status = page.locator('.review .badge');
    await expect
      .poll(() => status.textContent(), { timeout: 480_000, interval: 1000 })
      .not.toBe('in progress');
    expect(await status.textContent()).toBe('success');
    const session = sessionFor('demo');
    for (const restored of await listVolumes(session))
      if (restored.name?.endsWith(`@${world.volume.id}`))
        world.cleanup.add(`restored volume ${restored.id}`, async () => {
          await deleteVolume(session, restored.id);
          await waitForVolumeDeleted(session, restored.id, { timeoutMs: 120_000 });
        });
    const resources = page.getByRole('table', { name: 'Restored resources' });
    expect(await resources.textContent()).toContain('available');
    await visit(page, 'restore-detail', /^Restore [0-9a-f]{8}$/);
  });

  it('shows protect and restore in the operation log, then signs out', async () => {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Operation log' })
      .click();
    const table = page.getByRole('table', { name: 'Operations' });
    await expect.poll(() => table.textContent()).toContain('restore');
    await page.getByLabel('Operation').selectOption('restore');
    expect(await table.textContent()).toContain('success');
    await visit(page, 'workflow-operation-log', 'Operation log');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
  });
});
