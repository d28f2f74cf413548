import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../api/karbor-types.js';
import { FormValueError, fieldsFromSchema, initialValues, toParameters } from './schema-form-model.js';

const volumeOptions: JsonSchema = {
  type: 'object',
  properties: {
    force: { type: 'boolean', title: 'Force', default: true },
    block_size_mib: { type: 'integer', title: 'Block size (MiB)', enum: [1, 2, 4], default: 4 },
    backup_name: { type: 'string', title: 'Backup name' },
    copies: { type: 'integer', minimum: 1, maximum: 3 },
    nested: { type: 'object', properties: {} },
  },
  required: [],
};

describe('fieldsFromSchema', () => {
  it('renders booleans, enums, numbers and strings; leaves out nested objects', () => {
    const fields = fieldsFromSchema(volumeOptions);
    expect(fields.map((f) => [f.name, f.kind, f.label])).toEqual([
      ['force', 'boolean', 'Force'],
      ['block_size_mib', 'choice', 'Block size (MiB)'],
      ['backup_name', 'string', 'Backup name'],
      ['copies', 'integer', 'Copies'],
    ]);
  });

  it('has no fields for a missing schema', () => {
    expect(fieldsFromSchema(undefined)).toEqual([]);
  });
});

describe('form values and parameters', () => {
  const fields = fieldsFromSchema(volumeOptions);

  it('start from the defaults, or from saved parameters (Karbor may return "False")', () => {
    expect(initialValues(fields)).toEqual({ force: true, block_size_mib: '4', backup_name: '', copies: '' });
    expect(initialValues(fields, { force: 'False', block_size_mib: 2 })).toMatchObject({
      force: false,
      block_size_mib: '2',
    });
  });

  it('become typed parameters, leaving out empty optional fields', () => {
    expect(
      toParameters(fields, { force: false, block_size_mib: '1', backup_name: ' nightly ', copies: '2' }),
    ).toEqual({
      force: false,
      block_size_mib: 1,
      backup_name: 'nightly',
      copies: 2,
    });
    expect(toParameters(fields, { force: true, block_size_mib: '', backup_name: '', copies: '' })).toEqual({
      force: true,
    });
  });

  it('refuse numbers out of range, fractions for integers, and values outside an enum', () => {
    expect(() => toParameters(fields, { copies: '4' })).toThrow(FormValueError);
    expect(() => toParameters(fields, { copies: '1.5' })).toThrow('whole number');
    expect(() => toParameters(fields, { block_size_mib: '3' })).toThrow('choose one of the options');
  });

  it('require required fields', () => {
    const required = fieldsFromSchema({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    expect(() => toParameters(required, { name: ' ' })).toThrow('Name is required.');
  });
});
