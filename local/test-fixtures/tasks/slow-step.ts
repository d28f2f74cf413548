import { setTimeout as sleep } from 'node:timers/promises';

/** Fixture task: returns after the number of milliseconds it is given. */
export const handler = async (event: { ms: number }) => {
  await sleep(event.ms);
  return { sleptMs: event.ms };
};
