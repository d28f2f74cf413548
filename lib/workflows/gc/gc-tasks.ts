import { storeAt } from '../mover-jobs.js';
import { blockStoreUrl } from '../task-context.js';
import { finishGc, type GcOutcome, type GcPageRequest, prepareGc } from './gc-run.js';
import { gcSafetySetting } from './gc-safety-setting.js';
import { projectsInStore } from './store-projects.js';

export const prepareGcTask = async (input: { execution: string; request?: GcPageRequest | null }) => {
  const url = blockStoreUrl();
  return prepareGc(
    { store: storeAt(url), storeUrl: url, projects: await projectsInStore(url) },
    input.execution,
    gcSafetySetting(),
    input.request ?? {},
  );
};

export const finishGcTask = (input: { outcomes: readonly GcOutcome[] }) =>
  finishGc(storeAt(blockStoreUrl()), input.outcomes);
