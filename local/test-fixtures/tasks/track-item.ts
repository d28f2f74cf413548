import { setTimeout as sleep } from 'node:timers/promises';

/** Fixture task: takes a while and reports when it ran, so a test can measure Map concurrency. */
export const handler = async (event: { item: string; execution: string }) => {
  const startedAt = performance.now();
  await sleep(40);
  return {
    item: event.item.toUpperCase(),
    execution: event.execution,
    startedAt,
    endedAt: performance.now(),
  };
};
