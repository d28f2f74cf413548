import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunkKey, manifestKey } from '../../../lib/blocks/key-layout.js';
import { decodeManifest, referencedHashes } from '../../../lib/blocks/manifest.js';
import {
  createImage,
  deleteImage,
  type Image,
  uploadImageData,
  waitForImage,
} from '../../../lib/openstack/image/images.js';
import type { KeystoneSession } from '../../../lib/openstack/session.js';
import { blockProvider } from '../../../lib/providers/block-provider.js';
import { type Cleanup, uniqueName } from '../../openstack/support/cloud.js';
import { eventually, type Tenant, type WorkflowApi } from './workflow-api.js';

/** Helpers of the lifecycle tests: plans, checkpoints and a look into the file block store. */

/** A Glance image of `size` random bytes (distinct blocks from every other image). */
export const randomImage = async (
  session: KeystoneSession,
  cleanup: Cleanup,
  size = 5 << 20,
): Promise<Image> => {
  const image = await createImage(session, {
    name: uniqueName('lifecycle'),
    properties: { karbor_test: 'yes' },
  });
  cleanup.add(`image ${image.id}`, () => deleteImage(session, image.id));
  await uploadImageData(session, image.id, randomBytes(size));
  return waitForImage(session, image.id, ['active'], { timeoutMs: 60_000 });
};

export interface CheckpointView {
  readonly id: string;
  readonly status: string;
  readonly extra_info: string;
}

export const createPlan = async (
  world: WorkflowApi,
  who: Tenant,
  resources: readonly { id: string; type: string; name: string }[],
  status?: 'started' | 'suspended',
): Promise<string> => {
  const reply = await world.call(who, 'POST', '/plans', {
    plan: { name: uniqueName('plan'), provider_id: blockProvider.id, parameters: {}, resources },
  });
  if (reply.status !== 200) throw new Error(`plan create: ${reply.status} ${reply.text}`);
  const id = (reply.body as { plan: { id: string } }).plan.id;
  if (status) {
    const updated = await world.call(who, 'PUT', `/plans/${id}`, { plan: { status } });
    if (updated.status !== 200) throw new Error(`plan update: ${updated.status} ${updated.text}`);
  }
  return id;
};

export const showCheckpoint = async (world: WorkflowApi, who: Tenant, id: string): Promise<CheckpointView> =>
  (
    (await world.call(who, 'GET', `/providers/${blockProvider.id}/checkpoints/${id}`)).body as {
      checkpoint: CheckpointView;
    }
  ).checkpoint;

export const waitForCheckpoint = (world: WorkflowApi, who: Tenant, id: string, transient: string) =>
  eventually(
    () => showCheckpoint(world, who, id),
    (c) => c.status !== transient,
  );

export const protect = async (world: WorkflowApi, who: Tenant, planId: string): Promise<CheckpointView> => {
  const created = await world.call(who, 'POST', `/providers/${blockProvider.id}/checkpoints`, {
    checkpoint: { plan_id: planId },
  });
  if (created.status !== 200) throw new Error(`checkpoint create: ${created.status} ${created.text}`);
  const id = (created.body as { checkpoint: { id: string } }).checkpoint.id;
  return waitForCheckpoint(world, who, id, 'protecting');
};

export interface VerificationView {
  readonly id: string;
  readonly status: string;
  readonly resources_status: Record<string, string>;
  readonly resources_reason: Record<string, string>;
}

export const verify = async (
  world: WorkflowApi,
  who: Tenant,
  checkpointId: string,
  parameters: Record<string, unknown> = {},
): Promise<VerificationView> => {
  const created = await world.call(who, 'POST', '/verifications', {
    verification: { provider_id: blockProvider.id, checkpoint_id: checkpointId, parameters },
  });
  if (created.status !== 200) throw new Error(`verification create: ${created.status} ${created.text}`);
  const id = (created.body as { verification: { id: string } }).verification.id;
  return eventually(
    async () =>
      ((await world.call(who, 'GET', `/verifications/${id}`)).body as { verification: VerificationView })
        .verification,
    (v) => v.status !== 'in_progress',
  );
};

/** The directory of a `file://` store. */
export const storeDir = (world: WorkflowApi): string => fileURLToPath(world.store);

/** Every file below `dir` (none when it does not exist). */
export const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? filesUnder(path) : [path];
      })
    : [];

/** Every stored block file of `project`. */
export const chunkFiles = (world: WorkflowApi, project: string): string[] =>
  filesUnder(join(storeDir(world), 'projects', project, 'chunks'));

/** Every object of one checkpoint (manifests, journals, metadata). */
export const checkpointFiles = (world: WorkflowApi, project: string, checkpointId: string): string[] =>
  filesUnder(join(storeDir(world), 'projects', project, 'checkpoints', checkpointId));

/** The block hashes a resource's manifest in a checkpoint references. */
export const manifestHashes = (
  world: WorkflowApi,
  project: string,
  checkpointId: string,
  resourceId: string,
): Set<string> =>
  referencedHashes(
    decodeManifest(readFileSync(join(storeDir(world), manifestKey(project, checkpointId, resourceId)))),
  );

export const chunkFile = (world: WorkflowApi, project: string, hash: string): string =>
  join(storeDir(world), chunkKey(project, hash));
