import type { CheckpointRecord } from '../bank/records.js';
import type { ApiServices } from './api-services.js';
import { findProvider } from './controllers/providers.js';
import { BadRequest, Forbidden, NotFound } from './faults.js';
import type { CallerContext } from './http/api-types.js';
import { isUuidLike } from './validation.js';

/**
 * A checkpoint as Karbor's protection service finds it (reference §3.2): 400 for a bad id, 404
 * when it does not exist under that provider, and 403 — not 404 — for another project's
 * checkpoint unless the caller is an admin.
 */
export const findCheckpoint = async (
  services: ApiServices,
  caller: CallerContext,
  providerId: string,
  checkpointId: string,
): Promise<CheckpointRecord> => {
  const provider = findProvider(services, providerId);
  if (!isUuidLike(checkpointId)) throw new BadRequest('Invalid checkpoint id provided.');
  const checkpoint =
    (await services.bank.checkpoints.get(caller.projectId, checkpointId)) ??
    (await services.bank.checkpoints.findAnywhere(checkpointId));
  if (!checkpoint || checkpoint.provider_id !== provider.id) {
    throw new NotFound(`Checkpoint ${checkpointId} could not be found.`);
  }
  if (checkpoint.project_id !== caller.projectId && !caller.isAdmin) {
    throw new Forbidden(`Access checkpoint ${checkpointId} is not allowed`);
  }
  return checkpoint;
};
