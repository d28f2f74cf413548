import { describe, expect, it } from 'vitest';
import { dict, json, ok, table, useKarborWithProvider } from '../harness.js';

/**
 * Client commands that need a real OpenStack cloud behind our server: listing instances,
 * creating plans over servers/volumes, protecting, restoring, verifying. Requires the test
 * cloud's environment: `OS_CLOUD` (or clouds.yaml) for the server to reach the services, and
 * `KARBOR_CLIENT_VOLUME_ID` — a volume of the caller's project to protect.
 */

const cloudEnv = (): { volumeId: string } => {
  const volumeId = process.env.KARBOR_CLIENT_VOLUME_ID;
  if (!process.env.OS_CLOUD || !volumeId) {
    throw new Error(
      'with-cloud tests need OS_CLOUD and KARBOR_CLIENT_VOLUME_ID from the OpenStack test tier',
    );
  }
  return { volumeId };
};

const waitForStatus = async (
  read: () => Promise<string>,
  wanted: string,
  timeoutMs = 300_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let status = await read();
  while (status !== wanted && Date.now() < deadline) {
    if (status === 'error' || status === 'fail') throw new Error(`status became ${status}, wanted ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    status = await read();
  }
  expect(status).toBe(wanted);
};

describe('client commands against a real cloud', () => {
  const ctx = useKarborWithProvider();

  it('lists and shows volume instances with both CLIs', async () => {
    const { volumeId } = cloudEnv();
    const rows = table(await ctx.k.karbor(['protectable-list-instances', 'OS::Cinder::Volume']));
    expect(rows.map((r) => r.Id)).toContain(volumeId);
    const shown = json(
      await ctx.k.openstack([
        'protectable',
        'instance',
        'show',
        'OS::Cinder::Volume',
        volumeId,
        '-f',
        'json',
      ]),
    );
    expect(shown).toMatchObject({ id: volumeId, type: 'OS::Cinder::Volume' });
  });

  it('creates a plan over a volume, protects, verifies, restores and deletes the checkpoint', async () => {
    const { volumeId } = cloudEnv();
    const plan = dict(
      await ctx.k.karbor(['plan-create', 'cloud-plan', ctx.providerId, `${volumeId}=OS::Cinder::Volume=vol`]),
    );
    expect(plan.status).toBe('suspended');
    const created = json(
      await ctx.k.openstack(['checkpoint', 'create', ctx.providerId, plan.id as string, '-f', 'json']),
    );
    expect(created.resource_graph).toContain(volumeId);
    const checkpointId = created.id as string;
    const readCheckpoint = async () =>
      dict(await ctx.k.karbor(['checkpoint-show', ctx.providerId, checkpointId])).status as string;
    await waitForStatus(readCheckpoint, 'available');
    const listed = json(await ctx.k.openstack(['checkpoint', 'list', ctx.providerId, '-f', 'json']));
    expect(listed.map((r: { Id: string }) => r.Id)).toContain(checkpointId);

    const verification = dict(await ctx.k.karbor(['verification-create', ctx.providerId, checkpointId]));
    await waitForStatus(
      async () => dict(await ctx.k.karbor(['verification-show', verification.id as string])).status as string,
      'success',
    );
    const restore = json(
      await ctx.k.openstack(['restore', 'create', ctx.providerId, checkpointId, '-f', 'json']),
    );
    await waitForStatus(
      async () => json(await ctx.k.openstack(['restore', 'show', restore.id, '-f', 'json'])).status,
      'success',
    );
    const logs = table(await ctx.k.karbor(['operationlog-list']));
    expect(logs.map((r) => r['Checkpoint id'])).toContain(checkpointId);

    ok(await ctx.k.karbor(['checkpoint-delete', ctx.providerId, checkpointId]));
    await waitForStatus(readCheckpoint, 'deleted');
  });
});
