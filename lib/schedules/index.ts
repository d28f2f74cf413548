/**
 * Schedules: Karbor trigger properties, occurrence computation and the EventBridge
 * Scheduler mapping — one code path for AWS schedules, the local scheduler and the
 * console's "next five runs". Pure: no I/O, no clock (callers pass `now`).
 *
 *   const { properties, schedule } = parseTriggerProperties(body.properties, limits, now);
 *   nextOccurrences(schedule, now, 5);          // console
 *   toSchedulerExpression(schedule, now);        // cron(...) | at(...) | exhausted
 *   scheduleFromProperties(storedProperties);    // later, from the Bank
 */
export * from './errors.js';
export * from './eventbridge.js';
export * from './eventbridge-evaluate.js';
export * from './eventbridge-grammar.js';
export * from './retention.js';
export {
  isWithinWindow,
  nextOccurrence,
  nextOccurrences,
  type Schedule,
  type TriggerFormat,
  triggerFormats,
} from './schedule.js';
export { formatKarborTime, parseTriggerTime } from './time-format.js';
export * from './trigger-properties.js';
