import { describe, expect, it } from 'vitest';
import { failed, json, table, useKarbor } from './harness.js';

/**
 * Operation logs are written by protect/delete/restore/verify flows; without a cloud no flow
 * runs, so a fresh project has none. Logs of real flows are checked in cloud/with-cloud.test.ts.
 */

const unknownId = '6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918';

describe('operation logs through the real CLIs', () => {
  const ctx = useKarbor();

  it('karbor operationlog-list of a fresh project prints an empty table with all 12 columns', async () => {
    const result = await ctx.k.karbor(['operationlog-list']);
    expect(table(result)).toEqual([]);
    expect(result.stdout).toContain('| Id ');
  });

  it('openstack operationlog list of a fresh project prints an empty JSON list', async () => {
    expect(json(await ctx.k.openstack(['operationlog', 'list', '-f', 'json']))).toEqual([]);
    expect(
      json(await ctx.k.openstack(['operationlog', 'list', '--status', 'available', '-f', 'json'])),
    ).toEqual([]);
  });

  it('karbor operationlog-show of unknown and malformed ids prints the fault', async () => {
    const missing = failed(await ctx.k.karbor(['operationlog-show', unknownId]));
    expect(missing).toContain(`Operation log ${unknownId} could not be found.`);
    expect(missing).toContain('HTTP 404');
    const malformed = failed(await ctx.k.karbor(['operationlog-show', 'not-a-uuid']));
    expect(malformed).toContain('HTTP 400');
  });

  it('openstack operationlog show of an unknown id fails naming it', async () => {
    expect(failed(await ctx.k.openstack(['operationlog', 'show', unknownId]))).toContain(unknownId);
  });

  it('an invalid limit is refused with the API message', async () => {
    const out = failed(await ctx.k.karbor(['operationlog-list', '--limit', 'many']));
    expect(out).toContain('limit param must be an integer');
    expect(out).toContain('HTTP 400');
  });
});
