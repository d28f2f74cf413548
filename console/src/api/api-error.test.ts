import { describe, expect, it } from 'vitest';
import { ApiError, describeError, faultMessage, InputError } from './api-error.js';

describe('faultMessage', () => {
  it('reads the message of a Karbor fault and of a Keystone error', () => {
    expect(faultMessage({ badRequest: { code: 400, message: 'Invalid plan id provided.' } })).toBe(
      'Invalid plan id provided.',
    );
    expect(
      faultMessage({
        error: {
          code: 401,
          message: 'The request you have made requires authentication.',
          title: 'Unauthorized',
        },
      }),
    ).toBe('The request you have made requires authentication.');
  });

  it('finds nothing in bodies that are not one-key faults', () => {
    expect(faultMessage('<html>')).toBeUndefined();
    expect(faultMessage({ a: { message: 'x' }, b: {} })).toBeUndefined();
    expect(faultMessage({ badRequest: { code: 400 } })).toBeUndefined();
  });
});

describe('describeError', () => {
  it('puts a refused request in plain words with the server message and request id', () => {
    const described = describeError(new ApiError(400, 'Invalid plan id provided.', 'req-1'));
    expect(described).toEqual({
      summary: 'The request was not accepted.',
      detail: 'Invalid plan id provided.',
      requestId: 'req-1',
    });
  });

  it('tells the user to sign in again on a 401', () => {
    expect(describeError(new ApiError(401, 'Authentication required', 'req-2')).summary).toMatch(
      /Sign in again/,
    );
  });

  it('hides the generic message of a server fault but keeps the request id to quote', () => {
    const described = describeError(new ApiError(500, 'The server has either erred', 'req-3'));
    expect(described.summary).toMatch(/give your administrator the request id/);
    expect(described.detail).toBeUndefined();
    expect(described.requestId).toBe('req-3');
  });

  it('says what a gateway or unavailable service reported', () => {
    expect(describeError(new ApiError(503, 'Keystone sign-in is not set up', 'r')).detail).toBe(
      'Keystone sign-in is not set up',
    );
  });

  it('explains an unreachable server', () => {
    expect(describeError(new ApiError(0, undefined, undefined)).summary).toMatch(/could not be reached/);
  });

  it('shows input errors as they are', () => {
    expect(describeError(new InputError('Give the plan a name.'))).toEqual({
      summary: 'Give the plan a name.',
      detail: undefined,
      requestId: undefined,
    });
  });
});
