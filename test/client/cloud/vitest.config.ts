import { defineConfig } from 'vitest/config';

/**
 * The cloud-dependent client tests, kept out of `npm test` until the OpenStack test cloud is
 * part of CI. Run: `npx vitest run --config test/client/cloud/vitest.config.ts`.
 */
export default defineConfig({
  test: {
    name: 'client-cloud',
    root: new URL('../../../', import.meta.url).pathname,
    include: ['test/client/cloud/**/*.test.ts'],
    globalSetup: ['test/support/karbor-client.setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
