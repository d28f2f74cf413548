import { events, record } from './events.js';

/** Fixture FinishRestore: `fail` if any resource failed or the workflow reports an error. */
export const handler = async (event: {
  context?: { run_id: string };
  request?: { restore_id: string };
  error?: { Error: string };
}) => {
  const id = event.context?.run_id ?? event.request?.restore_id ?? '';
  record(id, event.error ? `finish after ${event.error.Error}` : 'finish');
  const failed = event.error || (events.get(id) ?? []).some((e) => e.startsWith('fail '));
  return { status: failed ? 'fail' : 'success' };
};
