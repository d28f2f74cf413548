/**
 * Errors of the schedules module. Messages read like the Karbor operation engine's
 * `InvalidInput` reasons, so the API can put them into a 400 fault unchanged.
 */
class SchedulesError extends Error {
  override name: string = 'SchedulesError';
}

/** A trigger's properties (format, pattern, times, window) are unusable. */
class InvalidTrigger extends SchedulesError {
  override name = 'InvalidTrigger';
}

/** Thrown inside the pattern parsers; callers wrap it into InvalidTrigger (as `cause`). */
class PatternSyntaxError extends SchedulesError {
  override name = 'PatternSyntaxError';
}

/** An already validated rule found no occurrence within the search bound. */
class NoOccurrenceWithinBound extends SchedulesError {
  override name = 'NoOccurrenceWithinBound';
}

/** A retention_protect operation definition has an unusable max_backups or retention_duration. */
class InvalidRetentionPolicy extends SchedulesError {
  override name = 'InvalidRetentionPolicy';
}

export {
  InvalidRetentionPolicy,
  InvalidTrigger,
  NoOccurrenceWithinBound,
  PatternSyntaxError,
  SchedulesError,
};
