/** Fixture task: a cleanup step that reads the caught error the way a real one would. */
export const handler = async (event: { error: { Error: string; Cause: string } }) => {
  const cause = JSON.parse(event.error.Cause) as { errorType: string; errorMessage: string };
  return { summary: `cleaned up after ${event.error.Error} (${cause.errorType}): ${cause.errorMessage}` };
};
