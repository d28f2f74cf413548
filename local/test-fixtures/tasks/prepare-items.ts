/** Fixture task: hands the items of its input on, with the execution name and table it was given. */
export const handler = async (event: { execution: string; table: string; items: string[] }) => ({
  execution: event.execution,
  table: event.table,
  items: event.items,
});
