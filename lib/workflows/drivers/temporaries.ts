import {
  deleteSnapshot,
  waitForSnapshot,
  waitForSnapshotDeleted,
} from '../../openstack/block-storage/snapshots.js';
import { deleteVolume, waitForVolume, waitForVolumeDeleted } from '../../openstack/block-storage/volumes.js';
import { deleteServer, waitForServerDeleted } from '../../openstack/compute/servers.js';
import { UnexpectedStatusError } from '../../openstack/errors.js';
import { deleteImage } from '../../openstack/image/images.js';
import type { KeystoneSession } from '../../openstack/session.js';
import type { Temporary, TemporaryKind } from '../runs/resource-runs.js';

/**
 * Deletes the temporary OpenStack objects of a run, newest first, each waited for until it is
 * gone so that what it was made from can go next (a volume made from a snapshot holds that
 * snapshot). Cinder refuses to delete a volume or snapshot while it is still being made (or
 * uploaded), which is exactly when a failing run stops, so those are first waited for until
 * they settle. Objects already gone count as deleted. Returns what could not be deleted.
 */

const deleteTimeoutMs = 120_000;
/** Statuses in which Cinder accepts a delete. */
const deletableVolume = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];
const deletableSnapshot = ['available', 'error'];

const remove: Record<TemporaryKind, (session: KeystoneSession, id: string) => Promise<void>> = {
  server: async (session, id) => {
    await deleteServer(session, id);
    await waitForServerDeleted(session, id, { timeoutMs: deleteTimeoutMs });
  },
  image: (session, id) => deleteImage(session, id),
  volume: async (session, id) => {
    await waitForVolume(session, id, deletableVolume, { timeoutMs: deleteTimeoutMs, intervalMs: 2_000 });
    await deleteVolume(session, id);
    await waitForVolumeDeleted(session, id, { timeoutMs: deleteTimeoutMs });
  },
  snapshot: async (session, id) => {
    await waitForSnapshot(session, id, deletableSnapshot, { timeoutMs: deleteTimeoutMs, intervalMs: 2_000 });
    await deleteSnapshot(session, id);
    await waitForSnapshotDeleted(session, id, { timeoutMs: deleteTimeoutMs });
  },
};

const isGone = (error: unknown): boolean => error instanceof UnexpectedStatusError && error.status === 404;

export interface CleanupFailure {
  readonly temporary: Temporary;
  readonly reason: string;
}

export const deleteTemporaries = async (
  session: KeystoneSession,
  temporaries: readonly Temporary[],
): Promise<CleanupFailure[]> => {
  const failures: CleanupFailure[] = [];
  for (const temporary of [...temporaries].reverse()) {
    try {
      await remove[temporary.kind](session, temporary.id);
    } catch (error) {
      if (!isGone(error)) failures.push({ temporary, reason: (error as Error).message });
    }
  }
  return failures;
};

export const describeCleanupFailures = (failures: readonly CleanupFailure[]): string =>
  failures
    .map((f) => `could not delete temporary ${f.temporary.kind} ${f.temporary.id}: ${f.reason}`)
    .join('; ');
