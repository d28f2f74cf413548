import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's Chromium driven by playwright-core (no browser download): headless, with the
 * flags this machine needs (no background networking: the network is closed) and a fresh
 * profile per browser. Pages are checked with axe-core, injected from node_modules, and
 * photographed into test-results/console/.
 */

export const chromiumPath = process.env.KARBOR_CHROMIUM ?? '/usr/bin/chromium';

const repoRoot = new URL('../../', import.meta.url).pathname;
export const screenshotDir = join(repoRoot, 'test-results', 'console');

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export const openConsoleBrowser = async (
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<ConsoleBrowser> => {
  const profile = await mkdtemp(join(tmpdir(), 'karbor-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport,
    // axe-core is injected as an inline script, which the console's CSP forbids
    bypassCSP: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
};

const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { readonly target: unknown[] }[];
}

/** Runs axe-core on the page as it is; fails on any serious or critical violation. */
export const expectAccessible = async (page: Page, what: string): Promise<void> => {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<unknown[]>('axe.run().then((result) => result.violations)');
  const bad = (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(bad, `accessibility of ${what}`).toEqual([]);
};

/** Saves test-results/console/<name>.png (the whole page). */
export const snapshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
};

/** A page checked and photographed once it shows its heading. */
export const visit = async (page: Page, name: string, heading: string | RegExp): Promise<void> => {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectAccessible(page, name);
  await snapshot(page, name);
};
