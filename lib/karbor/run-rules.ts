import type { CheckpointRecord, CheckpointStatus } from '../bank/records.js';
import { isKarborResourceType } from '../providers/resource-types.js';
import type { ApiServices } from './api-services.js';
import { findCheckpoint } from './checkpoint-lookup.js';
import { BadRequest } from './faults.js';
import type { CallerContext } from './http/api-types.js';

/** Shared checks of restores and verifications: the checkpoint they start from. */

export const checkpointForRun = async (
  services: ApiServices,
  caller: CallerContext,
  providerId: string,
  checkpointId: string,
): Promise<CheckpointRecord> => {
  const checkpoint = await findCheckpoint(services, caller, providerId, checkpointId);
  if (checkpoint.status !== 'available') {
    throw new BadRequest(
      `Checkpoint ${checkpointId} is ${checkpoint.status}; only available checkpoints can be used.`,
    );
  }
  return checkpoint;
};

/** Verification options: `{"<Type>[#<id>]": {"sample_percent": 1..100}}`; Karbor published none. */
export const checkVerifyParameters = (
  parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
) => {
  for (const [key, options] of Object.entries(parameters)) {
    if (!isKarborResourceType(key.split('#')[0] ?? ''))
      throw new BadRequest('The key of verification parameters is invalid.');
    for (const [name, value] of Object.entries(options)) {
      const percent = Number(value);
      if (name !== 'sample_percent' || !Number.isInteger(percent) || percent < 1 || percent > 100) {
        throw new BadRequest(
          'The verify property of verification parameters is invalid: use sample_percent (1 to 100).',
        );
      }
    }
  }
};

/** The statuses Karbor's reset-state accepts a checkpoint in. */
const karborResettable: readonly CheckpointStatus[] = [
  'available',
  'error',
  'copying',
  'wait_copying',
  'finished',
];

/**
 * The statuses `os-resetState` may move a checkpoint from: Karbor's, plus `protecting` for an
 * admin resetting to `error` — a checkpoint whose run died with its runtime (a crash of local
 * mode, an execution an operator stopped) would otherwise stay `protecting` for good, and a
 * `protecting` checkpoint cannot be deleted. A run that is in fact still going then ends
 * without changing it (its finish only moves a checkpoint out of `protecting`).
 */
export const resetStateSources = (caller: CallerContext, state: string): readonly CheckpointStatus[] =>
  caller.isAdmin && state === 'error' ? [...karborResettable, 'protecting'] : karborResettable;
