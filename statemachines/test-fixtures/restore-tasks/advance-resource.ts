import { NamedError, record } from './events.js';

const attempts = new Map<string, number>();

/**
 * Fixture AdvanceResource: `wait` resources wait once, `flaky` ones fail once with a
 * ConnectionError (retried by the file), `broken` ones fail with ResourceFailed.
 */
export const handler = async (event: {
  context: { run_id: string };
  resource: { id: string; mode?: string };
}) => {
  const key = `${event.context.run_id}/${event.resource.id}`;
  const attempt = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, attempt);
  record(event.context.run_id, `advance ${event.resource.id}`);
  const mode = event.resource.mode;
  if (mode === 'broken') throw new NamedError('ResourceFailed', `${event.resource.id} cannot be restored`);
  if (mode === 'flaky' && attempt === 1) throw new NamedError('ConnectionError', 'connection reset');
  if (mode === 'wait' && attempt === 1) return { next: 'wait', seconds: 0, command: [] };
  return { next: 'done', seconds: 0, command: [] };
};
