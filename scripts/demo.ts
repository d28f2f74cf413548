import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createVolume, deleteVolume, waitForVolume } from '../lib/openstack/block-storage/volumes.js';
import { loadCloudConfig } from '../lib/openstack/config/cloud-config.js';
import { KeystoneSession } from '../lib/openstack/session.js';
import { blockProvider } from '../lib/providers/block-provider.js';
import { startServer } from '../test/client/server.js';
import { KarborCli } from './demo/karbor-cli.js';
import { keystreamBytes, volumeSha256, writeVolumeBytes } from './demo/volume-data.js';

/**
 * `npm run demo`: the product end to end for a newcomer. Brings the OpenStack test cloud up if
 * none answers, starts the local stack in keystone mode, makes a volume with data, protects it,
 * changes 1% of it, protects again, restores the second checkpoint, compares checksums and
 * prints what happened: timings, bytes read, stored and skipped, and the karbor commands run.
 */

const testCloudDir = process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud';
const cloudsYaml = join(testCloudDir, 'etc', 'clouds.yaml');
const repoRoot = join(import.meta.dirname, '..');
const mib = 1 << 20;
const volumeGiB = 1;
const dataMiB = 256;

const say = (line: string) => console.log(line);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const size = (bytes: number) =>
  bytes >= mib
    ? `${(bytes / mib).toFixed(1)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} B`;

const keystoneAnswers = async (): Promise<boolean> => {
  try {
    return (await fetch('http://127.0.0.1:5000/v3', { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
};

const ensureTestCloud = async (): Promise<void> => {
  if (existsSync(cloudsYaml) && (await keystoneAnswers())) return;
  say(
    'No test cloud answers: starting it (bash test/openstack/cloud.sh up; first time installs packages, a few minutes)…',
  );
  const result = spawnSync('bash', [join(repoRoot, 'test/openstack/cloud.sh'), 'up'], { stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(
      'the test cloud did not start (it needs root on Debian 12; see test/openstack/README.md)',
    );
};

const checkKarborCli = (): void => {
  try {
    execFileSync('karbor', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the karbor CLI is missing: apt-get install python3-karborclient');
  }
};

interface CheckpointReport {
  readonly id: string;
  readonly seconds: number;
  readonly extra: Record<string, number>;
}

const protect = async (karbor: KarborCli, planId: string): Promise<CheckpointReport> => {
  const started = Date.now();
  const created = await karbor.show(['checkpoint-create', blockProvider.id, planId]);
  const id = created.id as string;
  const done = await karbor.waitFor(
    ['checkpoint-show', blockProvider.id, id],
    (row) => row.status !== 'protecting',
  );
  if (done.status !== 'available')
    throw new Error(`checkpoint ${id} ended ${done.status}: ${done.extra_info}`);
  return { id, seconds: (Date.now() - started) / 1000, extra: JSON.parse(done.extra_info ?? '{}') };
};

const describeCheckpoint = (name: string, report: CheckpointReport): string =>
  `${name}: ${report.seconds.toFixed(1)} s, read ${size(report.extra.bytes_read ?? 0)}, stored ${size(
    report.extra.bytes_stored ?? 0,
  )}, skipped ${size(report.extra.bytes_skipped ?? 0)}`;

const removeDemoObjects = async (
  session: KeystoneSession,
  karbor: KarborCli,
  made: {
    checkpointIds: readonly string[];
    planId: string | undefined;
    volumeIds: readonly (string | undefined)[];
  },
): Promise<void> => {
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      say(`  could not remove ${what}: ${(error as Error).message}`);
    }
  };
  for (const id of made.checkpointIds)
    await attempt(`checkpoint ${id}`, async () => {
      await karbor.run(['checkpoint-delete', blockProvider.id, id]);
      await karbor.waitFor(['checkpoint-show', blockProvider.id, id], (row) => row.status !== 'deleting');
    });
  if (made.planId)
    await attempt(`plan ${made.planId}`, () => karbor.run(['plan-delete', made.planId as string]));
  for (const id of made.volumeIds)
    if (id)
      await attempt(`volume ${id}`, async () => {
        await waitForVolume(session, id, ['available', 'error'], { timeoutMs: 120_000 });
        await deleteVolume(session, id);
      });
};

const main = async (): Promise<void> => {
  const began = Date.now();
  checkKarborCli();
  await ensureTestCloud();
  const session = new KeystoneSession(loadCloudConfig('demo', { OS_CLIENT_CONFIG_FILE: cloudsYaml }));
  const access = await session.access();
  const project = access.project?.id ?? '';

  say('Starting the local stack (API, workflows, mover) in keystone mode…');
  const stack = await startServer({
    auth: 'keystone',
    env: {
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLOUD: 'karbor',
      // the test cloud's Cinder type rbd lives in pool volumes, which the mover reads with its own key
      KARBOR_RBD_BACKENDS: process.env.KARBOR_RBD_BACKENDS ?? 'type:rbd=volumes',
      CEPH_CONF: process.env.CEPH_CONF ?? join(testCloudDir, 'etc', 'ceph', 'ceph.conf'),
      CEPH_ARGS: process.env.CEPH_ARGS ?? '--id karbor-mover',
    },
  });
  const karbor = new KarborCli(`${stack.url}/v1/${project}`, () => access.token);
  let volumeId: string | undefined;
  let restoredId: string | undefined;
  let planId: string | undefined;
  const checkpointIds: string[] = [];
  try {
    say(`Making a ${volumeGiB} GiB volume with ${dataMiB} MiB of data…`);
    const volume = await createVolume(session, { size: volumeGiB, name: `karbor-demo-${Date.now()}` });
    volumeId = volume.id;
    await waitForVolume(session, volume.id, ['available'], { timeoutMs: 180_000 });
    for (let offset = 0; offset < dataMiB * mib; offset += 16 * mib)
      await writeVolumeBytes(volume.id, offset, keystreamBytes(`demo-${offset}`, 16 * mib));

    const plan = await karbor.show([
      'plan-create',
      'karbor-demo',
      blockProvider.id,
      `${volume.id}=OS::Cinder::Volume=${volume.name}`,
    ]);
    planId = plan.id as string;
    const first = await protect(karbor, planId);
    checkpointIds.push(first.id);
    say(describeCheckpoint('checkpoint 1 (full)', first));

    const changed = Math.round((volumeGiB << 30) / 100 / mib) * mib;
    say(`Changing 1% of the volume: ${changed / mib} pieces of 1 MiB, each in a different 4 MiB block…`);
    for (let piece = 0; piece < changed / mib; piece++)
      await writeVolumeBytes(volume.id, piece * 25 * mib, keystreamBytes(`change-${piece}`, mib));
    const second = await protect(karbor, planId);
    checkpointIds.push(second.id);
    say(describeCheckpoint('checkpoint 2 (incremental)', second));

    const restoreStarted = Date.now();
    const restore = await karbor.show(['restore-create', blockProvider.id, second.id]);
    const restored = await karbor.waitFor(
      ['restore-show', restore.id as string],
      (row) => row.status !== 'in_progress',
    );
    if (restored.status !== 'success')
      throw new Error(`restore ended ${restored.status}: ${restored.resources_reason}`);
    const statuses = JSON.parse((restored.resources_status ?? '{}').replaceAll("'", '"')) as Record<
      string,
      string
    >;
    restoredId = Object.keys(statuses)
      .find((key) => key.startsWith('OS::Cinder::Volume#'))
      ?.split('#')[1];
    if (!restoredId) throw new Error(`the restore names no volume: ${restored.resources_status}`);
    say(`restore: ${seconds(restoreStarted)}, new volume ${restoredId}`);

    const [original, copy] = await Promise.all([volumeSha256(volume.id), volumeSha256(restoredId)]);
    say(`SHA-256 original ${original}`);
    say(`SHA-256 restored ${copy}  ${original === copy ? 'identical' : 'DIFFERENT'}`);
    say('');
    say('Commands run (as the demo user; TOKEN from `openstack --os-cloud demo token issue`):');
    for (const line of karbor.transcript()) say(`  ${line}`);
    say(`\nDone in ${seconds(began)}.`);
    if (original !== copy) process.exitCode = 1;
  } finally {
    say("Cleaning up: the checkpoints (they hold the volume's newest snapshot), the plan, both volumes…");
    await removeDemoObjects(session, karbor, { checkpointIds, planId, volumeIds: [restoredId, volumeId] });
    await stack.stop();
  }
};

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
