/** What the fixture tasks of the restore scenarios did, in order, per execution. */
export const events = new Map<string, string[]>();

export const record = (execution: string, event: string): void => {
  const list = events.get(execution) ?? [];
  list.push(event);
  events.set(execution, list);
};

export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
