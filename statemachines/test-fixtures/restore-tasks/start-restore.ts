import { NamedError, record } from './events.js';

/** Fixture StartRestore: the waves come from the input; `fail_start` fails it. */
export const handler = async (event: { restore_id: string; fail_start?: boolean; waves: unknown[][] }) => {
  record(event.restore_id, 'start');
  if (event.fail_start) throw new NamedError('RestoreNotRunnable', 'checkpoint c is error, not available');
  return { context: { run_id: event.restore_id }, waves: event.waves };
};
