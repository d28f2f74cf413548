/** Fixture task: the first attempt per key fails with an error named as the event asks. */
const attempts = new Map<string, number>();

class FlakyStepError extends Error {
  constructor(name: string) {
    super(`attempt 1 failed with ${name}`);
    this.name = name;
  }
}

export const handler = async (event: { key: string; errorName: string }) => {
  const attempt = (attempts.get(event.key) ?? 0) + 1;
  attempts.set(event.key, attempt);
  if (attempt === 1) throw new FlakyStepError(event.errorName);
  return { attempt };
};
