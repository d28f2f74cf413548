/** Fixture task: fails with a named error, as a task handler reports a lasting problem. */
class SnapshotFailed extends Error {
  override name = 'SnapshotFailed';
}

export const handler = async (event: { volume: string }) => {
  throw new SnapshotFailed(`volume ${event.volume} is busy`);
};
