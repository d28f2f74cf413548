/** A task function entry for the orchestration tests. */
export const handler = async (event: unknown): Promise<unknown> => event;
