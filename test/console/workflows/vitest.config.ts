import { defineConfig } from 'vitest/config';

/**
 * The console's protect → restore flow, which needs the protect and restore workflows
 * (issue #6). Kept out of `npm test` until they land, then moved into the `browser` project.
 * Run: `npx vitest run --config test/console/workflows/vitest.config.ts` (test cloud up).
 */
export default defineConfig({
  test: {
    name: 'browser-workflows',
    root: new URL('../../../', import.meta.url).pathname,
    include: ['test/console/workflows/**/*.test.ts'],
    globalSetup: ['test/support/console-browser.setup.ts', 'test/support/openstack-cloud.setup.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
