import { defineConfig } from 'vitest/config';

const unitSources = [
  'lib/**/*.test.ts',
  'functions/**/*.test.ts',
  'local/**/*.test.ts',
  'mover-fargate/**/*.test.ts',
  'statemachines/**/*.test.ts',
  'console/src/**/*.test.{ts,tsx}',
];

/**
 * One project per test tier (docs/DESIGN.md §9). `npm test` runs them all; each can run
 * alone with `vitest run --project <name>`. Tiers that need a peer (emulated AWS, the test
 * cloud, the karbor CLI) check for it in their global setup and fail with what to install.
 */
export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' },
    projects: [
      { test: { name: 'unit', include: unitSources, testTimeout: 20_000 } },
      {
        test: { name: 'infra', include: ['infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/aws-emulators.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'openstack',
          include: ['test/openstack/**/*.test.ts'],
          globalSetup: ['test/support/openstack-cloud.setup.ts', 'test/support/aws-emulators.setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // the workflows run by the local orchestrator against the test cloud, driven through the API
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          globalSetup: ['test/support/openstack-cloud.setup.ts', 'test/support/aws-emulators.setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // what `cdk deploy` ships, run in-process: the synthesized state machines, Lambda
          // bundles and mover (test/aws-runtime/support/), against the test cloud and emulated AWS
          name: 'aws-runtime',
          include: ['test/aws-runtime/**/*.test.ts'],
          globalSetup: [
            'test/support/openstack-cloud.setup.ts',
            'test/support/aws-emulators.setup.ts',
            'test/aws-runtime/aws-runtime.setup.ts',
          ],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // the product end to end: npm start's stack on the test cloud, driven by the real karbor CLI
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/karbor-client.setup.ts', 'test/support/openstack-cloud.setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'client',
          // test/client/cloud/ needs the OpenStack test cloud; run it on its own (test/client/README.md)
          include: ['test/client/**/*.test.ts'],
          exclude: ['test/client/cloud/**'],
          globalSetup: ['test/support/karbor-client.setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The same CLI tests with real Keystone tokens of the test cloud's demo, alt_demo and
          // admin users; the server validates them with the karbor service user.
          name: 'client-keystone',
          include: ['test/client/{plans,providers,checkpoints,protectables,quotas}.test.ts'],
          globalSetup: ['test/support/karbor-client.setup.ts', 'test/support/openstack-cloud.setup.ts'],
          env: {
            KARBOR_CLIENT_AUTH: 'keystone',
            KARBOR_CLIENT_CLOUD_A: 'demo',
            KARBOR_CLIENT_CLOUD_B: 'alt_demo',
            KARBOR_CLIENT_CLOUD_ADMIN: 'admin',
            OS_CLOUD: 'karbor',
          },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The console in Debian's Chromium against `npm start`: noauth mode, and keystone mode
          // with the test cloud's users, including protect → restore through the workflows.
          name: 'browser',
          include: ['test/console/**/*.test.ts'],
          globalSetup: ['test/support/console-browser.setup.ts', 'test/support/openstack-cloud.setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
