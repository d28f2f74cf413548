import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KarborServer } from '../client/server.js';
import {
  type ConsoleBrowser,
  expectAccessible,
  openConsoleBrowser,
  snapshot,
  visit,
} from '../support/console-browser.js';
import { newProjectId, startConsoleServer } from './console-server.js';

/**
 * The console against `npm start` in noauth mode (no OpenStack): token sign-in with Karbor's
 * `user:project`, every page reachable and free of serious accessibility problems, a plan of
 * the project protected, schedules, the operation log, sign-out, and the expiry message.
 */

let server: KarborServer;
let browser: ConsoleBrowser;
let page: Page;
const projectId = newProjectId();

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await openConsoleBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const go = async (link: string) => {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
};

describe('the console in noauth mode', () => {
  it('says plainly, with the request id, that password sign-in needs a Keystone', async () => {
    await page.goto(`${server.url}/console/`);
    await visit(page, 'sign-in', 'Sign in to Karbor');
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password').fill('secret');
    await page.getByLabel('Project', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Keystone sign-in is not set up on this server');
    expect(await alert.textContent()).toMatch(/Request id: req-[0-9a-f-]{36}/);
    await snapshot(page, 'sign-in-error');
  });

  it('signs in with a user:project token using the keyboard only', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in to Karbor' }).waitFor();
    for (let i = 0; i < 20 && (await page.evaluate('document.activeElement?.id')) !== 'token'; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate('document.activeElement?.id')).toBe('token');
    await page.keyboard.type(`demo:${projectId}`);
    await page.keyboard.press('Enter');
    await visit(page, 'plans-empty', 'Plans');
    await expect.poll(() => page.locator('header').textContent()).toContain(projectId);
  });

  it('shows the project as a protectable tree', async () => {
    await go('Resources');
    await visit(page, 'protectables', 'Resources');
    const tree = page.getByRole('list', { name: 'Protectable resources' });
    expect(await tree.textContent()).toContain('Project');
  });

  it('creates a plan from the project, protects it and explains the result', async () => {
    await go('Plans');
    await page.getByRole('link', { name: 'Create a plan' }).click();
    await visit(page, 'plan-new', 'New plan');
    await page.getByLabel('Name').fill('project plan');
    await page.getByRole('checkbox', { name: /Project/ }).check();
    await page.getByRole('button', { name: 'Create plan' }).click();
    await visit(page, 'checkpoints-empty', /Checkpoints of project plan/);
    await page.getByRole('button', { name: 'Protect now' }).click();
    const row = page.getByRole('row').filter({ has: page.locator('.badge') });
    await row.first().waitFor();
    const status = await row.first().locator('.badge').textContent();
    expect(['protecting', 'available', 'error']).toContain(status);
    if (status === 'error') expect(await row.first().textContent()).toContain('Reason given:');
    await visit(page, 'checkpoints', /Checkpoints of project plan/);
  });

  it('starts and suspends the plan', async () => {
    await go('Plans');
    await page.getByRole('button', { name: 'Start project plan' }).click();
    await page.getByRole('button', { name: 'Suspend project plan' }).waitFor();
    await visit(page, 'plans', 'Plans');
    await page.getByRole('button', { name: 'Suspend project plan' }).click();
    await page.getByRole('button', { name: 'Start project plan' }).waitFor();
  });

  it('creates a daily trigger after showing its next five runs, and a retention schedule on it', async () => {
    await go('Schedules');
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    await page.getByLabel('Name', { exact: true }).last().fill('nightly');
    await page.getByLabel('Hour (UTC)').selectOption('2');
    await page.getByLabel('Minute').selectOption('30');
    const runs = page.getByRole('region', { name: 'Next runs' }).getByRole('listitem');
    await expect.poll(() => runs.count()).toBe(5);
    expect(await runs.first().textContent()).toMatch(/\d{4}-\d{2}-\d{2} 02:30 UTC/);
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await expect.poll(() => page.getByText('Every day at 02:30 UTC').count()).toBeGreaterThan(0);

    await page.getByLabel('Name', { exact: true }).first().fill('keep three');
    await page.getByLabel('Delete old checkpoints after each backup (retention)').check();
    await page.getByLabel('Keep at most (checkpoints)').fill('3');
    await page.getByRole('button', { name: 'Schedule backups' }).click();
    await expect.poll(() => page.getByText('Retention: keep at most 3 checkpoints').count()).toBe(1);
    await visit(page, 'schedules', 'Schedules');
  });

  it('lists restores and verifications', async () => {
    await go('Restores');
    await visit(page, 'restores', 'Restores');
    await go('Verifications');
    await visit(page, 'verifications', 'Verifications');
  });

  it('shows the protect in the operation log and filters it', async () => {
    await go('Operation log');
    await page.getByRole('heading', { name: 'Operation log' }).waitFor();
    const table = page.getByRole('table', { name: 'Operations' });
    await expect.poll(() => table.textContent()).toContain('protect');
    await visit(page, 'operation-log', 'Operation log');
    await page.getByLabel('Operation').selectOption('restore');
    await page.getByText('No operations match.').waitFor();
    await page.getByLabel('Operation').selectOption('');
    await table.waitFor();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await page.evaluate('JSON.stringify(sessionStorage)')).not.toContain(projectId);
  });

  it('ends the session with a clear message when the API refuses the token', async () => {
    await page.getByRole('textbox', { name: 'Token', exact: true }).fill(`:${projectId}`);
    await page.getByLabel('Project id (optional)').fill(projectId);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByText(/Your session has ended/).waitFor();
    await expectAccessible(page, 'session ended');
    await snapshot(page, 'session-ended');
  });

  it('is readable at phone width', async () => {
    const phone = await openConsoleBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(`${server.url}/console/`);
      await phone.page.getByRole('textbox', { name: 'Token', exact: true }).fill(`demo:${projectId}`);
      await phone.page.getByRole('button', { name: 'Use token' }).click();
      await visit(phone.page, 'phone-plans', 'Plans');
      const overflow = await phone.page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  });
});
