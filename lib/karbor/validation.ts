import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { BadRequest } from './faults.js';

/**
 * JSON-schema validation of request bodies with Karbor's messages (reference §1.5):
 * `Invalid input for field/attribute <f>. Value: <v>. <msg>`. Schemas are compiled once per
 * cold start, when a schema module is first imported.
 */

/** oslo `is_uuid_like`: a UUID with or without dashes, any case. */
export const isUuidLike = (value: string): boolean =>
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
ajv.addFormat('uuid', { type: 'string', validate: isUuidLike });
ajv.addFormat('name', { type: 'string', validate: (value: string) => value.trim() !== '' });

/** How much of a value an error message shows: a few levels and a few hundred characters. */
const maxReprDepth = 6;
const maxReprItems = 20;
const maxReprLength = 2_048;

const reprItems = (items: readonly string[], total: number): string =>
  total > items.length ? [...items, '...'].join(', ') : items.join(', ');

/** Python's repr of a JSON value, as Karbor's messages show it; bounded in depth and width. */
const pyRepr = (value: unknown, depth = 0): string => {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string')
    return `'${value.length > maxReprLength ? `${value.slice(0, maxReprLength)}...` : value}'`;
  if (typeof value !== 'object') return String(value);
  if (depth >= maxReprDepth) return Array.isArray(value) ? '[...]' : '{...}';
  if (Array.isArray(value)) {
    const items = value.slice(0, maxReprItems).map((item) => pyRepr(item, depth + 1));
    return `[${reprItems(items, value.length)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const items = entries.slice(0, maxReprItems).map(([k, v]) => `'${k}': ${pyRepr(v, depth + 1)}`);
  return `{${reprItems(items, entries.length)}}`;
};

const shortened = (text: string): string =>
  text.length > maxReprLength ? `${text.slice(0, maxReprLength)}...` : text;

const describe = (error: ErrorObject): { field: string; detail: string } => {
  const path = error.instancePath.split('/').filter(Boolean);
  const field = path.at(-1) ?? '';
  switch (error.keyword) {
    case 'required':
      return {
        field: error.params.missingProperty as string,
        detail: `'${error.params.missingProperty}' is a required property`,
      };
    case 'additionalProperties':
      return {
        field,
        detail: `Additional properties are not allowed ('${error.params.additionalProperty}' was unexpected)`,
      };
    case 'format':
      if (error.params.format === 'name') return { field, detail: "An invalid 'name' value was provided." };
      return { field, detail: `is not a '${error.params.format}'` };
    case 'type':
      return { field, detail: `is not of type '${error.params.type}'` };
    case 'propertyNames':
      return { field: error.params.propertyName ?? field, detail: 'has an invalid key' };
    default:
      return { field, detail: error.message ?? 'is invalid' };
  }
};

const valueAt = (body: unknown, instancePath: string): unknown =>
  instancePath
    .split('/')
    .filter(Boolean)
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      body,
    );

export type BodyValidator<T> = (body: unknown) => T;

export const compileBodySchema = <T>(schema: object): BodyValidator<T> => {
  const validate: ValidateFunction = ajv.compile(schema);
  return (body: unknown): T => {
    if (validate(body)) return body as T;
    const error = validate.errors?.[0];
    if (!error) throw new BadRequest('Invalid input received.');
    const { field, detail } = describe(error);
    const value = error.keyword === 'required' ? undefined : valueAt(body, error.instancePath);
    if (error.keyword === 'format' && error.params.format === 'name') throw new BadRequest(detail);
    throw new BadRequest(
      `Invalid input for field/attribute ${field}. Value: ${shortened(pyRepr(value))}. ${detail}`,
    );
  };
};

/** Karbor's `Params`: `{"<Type>[#<uuid>]": {"<key>": scalar}}` (plans, restores, verifications). */
export const parametersSchema = {
  type: 'object',
  propertyNames: { pattern: '^[a-zA-Z0-9-_:.# ]{1,255}$' },
  additionalProperties: {
    type: 'object',
    propertyNames: { pattern: '^[a-zA-Z0-9-_:.# ]{1,255}$' },
    additionalProperties: { type: ['string', 'boolean', 'integer', 'number', 'null'] },
  },
} as const;

export const nameSchema = { type: 'string', minLength: 1, maxLength: 255, format: 'name' } as const;
export const descriptionSchema = { type: ['string', 'null'], maxLength: 255 } as const;
export const uuidSchema = { type: 'string', format: 'uuid' } as const;

export { pyRepr };
