import { record } from './events.js';

export const handler = async (event: {
  context: { run_id: string };
  resource: { id: string };
  error: { Error: string; Cause: string };
}) => {
  record(event.context.run_id, `fail ${event.resource.id}: ${event.error.Error}`);
  return { status: 'error' };
};
