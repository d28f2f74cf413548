import { describe, expect, it } from 'vitest';
import { BadRequest, internalErrorMessage, KarborFault, NotFound, toFault } from './faults.js';

describe('faults', () => {
  it('render as a one-key body named after the status', () => {
    expect(JSON.parse(JSON.stringify(new BadRequest('Malformed request body')))).toEqual({
      badRequest: { code: 400, message: 'Malformed request body' },
    });
    expect(new NotFound('Plan x could not be found.').toJSON()).toEqual({
      itemNotFound: { code: 404, message: 'Plan x could not be found.' },
    });
  });

  it('name unknown statuses computeFault, as Karbor does', () => {
    expect(new KarborFault(424, 'Trigger is being used by one or more operations').toJSON()).toEqual({
      computeFault: { code: 424, message: 'Trigger is being used by one or more operations' },
    });
  });

  it('keep client errors and hide the cause of server errors', () => {
    const notFound = new NotFound('gone');
    expect(toFault(notFound)).toBe(notFound);
    const hidden = toFault(new Error('password=secret in a stack trace'));
    expect(hidden.status).toBe(500);
    expect(hidden.message).toBe(internalErrorMessage);
    expect(hidden.cause).toBeInstanceOf(Error);
  });
});
