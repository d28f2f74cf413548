import { existsSync } from 'node:fs';
import { buildConsole, consoleLayout, staleReason } from '../../local/console-build.js';
import { chromiumPath } from './console-browser.js';

/**
 * Global setup of the browser tier: Debian's Chromium must be there (fails, never skips), and
 * console/dist is built once here so that the servers the tests start do not race to build it.
 */
export default async function setup(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `browser tier: ${chromiumPath} does not exist: apt-get install chromium (Debian's package)`,
    );
  }
  const layout = consoleLayout(new URL('../../', import.meta.url).pathname.replace(/\/$/, ''));
  if ((await staleReason(layout)) !== undefined) await buildConsole(layout);
}
