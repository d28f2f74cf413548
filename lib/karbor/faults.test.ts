import { describe, expect, it } from 'vitest';
import { BankItemRefused, BankUnavailable, translateBankError } from '../bank/bank-errors.js';
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

  it('answer a Bank outage with 503 serviceUnavailable and Retry-After', () => {
    const fault = toFault(new BankUnavailable('the Bank cannot be reached', 5));
    expect(fault.status).toBe(503);
    expect(fault.headers).toEqual({ 'Retry-After': '5' });
    expect(Object.keys(fault.toJSON())).toEqual(['serviceUnavailable']);
    expect(fault.message).not.toMatch(/Bank cannot be reached/);
  });

  it('answer an item the Bank refuses with 400', () => {
    const fault = toFault(new BankItemRefused('Nesting Levels have exceeded supported limits'));
    expect(fault.status).toBe(400);
    expect(fault.toJSON()).toHaveProperty('badRequest');
  });
});

describe('translateBankError', () => {
  const sdkError = (name: string, fields: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${name} happened`), { name, ...fields });

  it.each([
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'ServiceUnavailable',
    'InternalServerError',
  ])('treats %s as an outage', (name) => {
    expect(translateBankError(sdkError(name, { $metadata: { httpStatusCode: 400 } }))).toBeInstanceOf(
      BankUnavailable,
    );
  });

  it('treats a refused or reset connection, alone or inside an AggregateError, as an outage', () => {
    expect(translateBankError(sdkError('Error', { code: 'ECONNREFUSED' }))).toBeInstanceOf(BankUnavailable);
    const aggregate = new AggregateError([sdkError('Error', { code: 'ECONNREFUSED' })], 'connect failed');
    expect(translateBankError(aggregate)).toBeInstanceOf(BankUnavailable);
  });

  it('treats a transaction cancelled by throttling as an outage, but not one whose condition failed', () => {
    const throttled = sdkError('TransactionCanceledException', {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    });
    expect(translateBankError(throttled)).toBeInstanceOf(BankUnavailable);
    const conditional = sdkError('TransactionCanceledException', {
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }],
      $metadata: { httpStatusCode: 400 },
    });
    expect(translateBankError(conditional)).toBe(conditional);
  });

  it('turns DynamoDB refusing a deep or large item into BankItemRefused and leaves other errors alone', () => {
    const deep = sdkError('ValidationException', {
      message: 'Nesting Levels have exceeded supported limits',
    });
    expect(translateBankError(deep)).toBeInstanceOf(BankItemRefused);
    const other = sdkError('ValidationException', { message: 'One or more parameter values were invalid' });
    expect(translateBankError(other)).toBe(other);
  });
});
