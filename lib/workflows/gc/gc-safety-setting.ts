import { GC_SAFETY, type GcSafetyName } from '../../blocks/gc-safety.js';
import { getChoice } from '../../config/env.js';

/**
 * `KARBOR_GC_SAFETY` picks the gc protocol's timing (lib/blocks/gc-safety.ts, docs/gc.md): `full`
 * in production (a block goes in the second run after it was condemned); `none` deletes every
 * unreferenced block at once and is for tests only. gc jobs and backup jobs both carry it: the
 * protocol holds only when both sides use the same timing.
 */
export const gcSafetySetting = (): GcSafetyName =>
  getChoice('KARBOR_GC_SAFETY', Object.keys(GC_SAFETY) as GcSafetyName[], 'full');
