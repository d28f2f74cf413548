import { GC_SAFETY, type GcSafetyName } from '../../blocks/gc-safety.js';
import { getChoice } from '../../config/env.js';
import { storeAt } from '../mover-jobs.js';
import { blockStoreUrl } from '../task-context.js';
import { finishGc, type GcOutcome, type GcPageRequest, prepareGc } from './gc-run.js';
import { projectsInStore } from './store-projects.js';

/**
 * `KARBOR_GC_SAFETY` picks the grace periods (lib/blocks/gc-safety.ts): `full` in production;
 * `none` deletes every unreferenced block at once and is for tests only.
 */
const gcSafety = (): GcSafetyName =>
  getChoice('KARBOR_GC_SAFETY', Object.keys(GC_SAFETY) as GcSafetyName[], 'full');

export const prepareGcTask = async (input: { execution: string; request?: GcPageRequest | null }) => {
  const url = blockStoreUrl();
  return prepareGc(
    { store: storeAt(url), storeUrl: url, projects: await projectsInStore(url) },
    input.execution,
    gcSafety(),
    input.request ?? {},
  );
};

export const finishGcTask = (input: { outcomes: readonly GcOutcome[] }) =>
  finishGc(storeAt(blockStoreUrl()), input.outcomes);
