import { describe, expect, it } from 'vitest';
import { InvalidTrigger, PatternSyntaxError, SchedulesError } from './errors.js';

describe('schedule errors', () => {
  it('carry their own name, the message and the cause', () => {
    const cause = new PatternSyntaxError('bad field');
    const error = new InvalidTrigger("The trigger's pattern is invalid: bad field", { cause });
    expect(error).toBeInstanceOf(SchedulesError);
    expect(error.name).toBe('InvalidTrigger');
    expect(cause.name).toBe('PatternSyntaxError');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe("InvalidTrigger: The trigger's pattern is invalid: bad field");
  });
});
