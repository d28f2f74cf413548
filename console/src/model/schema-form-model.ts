import { InputError } from '../api/api-error.js';
import type { JsonSchema } from '../api/karbor-types.js';

/**
 * A provider's `options_schema` / `restore_schema` entry as form fields, and form values back
 * as Karbor parameters. Karbor allows only scalar values (bool, string, number) per option.
 */

export type FieldKind = 'boolean' | 'integer' | 'number' | 'string' | 'choice';

export interface Field {
  readonly name: string;
  readonly label: string;
  readonly description: string | undefined;
  readonly kind: FieldKind;
  readonly choices: readonly (string | number | boolean)[];
  readonly defaultValue: string | number | boolean | undefined;
  readonly required: boolean;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
}

/** What the form holds: checkbox state or the text typed / chosen. */
export type FormValues = Record<string, string | boolean>;

const primaryType = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : (schema.type as string | undefined);

const humanise = (name: string): string => {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const kindOf = (schema: JsonSchema): FieldKind | undefined => {
  if (schema.enum && schema.enum.length > 0) return 'choice';
  const type = primaryType(schema);
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  return undefined;
};

/** The fields of an object schema, in the schema's order; non-scalar properties are left out. */
export const fieldsFromSchema = (schema: JsonSchema | undefined): Field[] => {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).flatMap(([name, property]): Field[] => {
    const kind = kindOf(property);
    if (kind === undefined) return [];
    return [
      {
        name,
        label: property.title ?? humanise(name),
        description: property.description,
        kind,
        choices: property.enum ?? [],
        defaultValue: isScalar(property.default) ? property.default : undefined,
        required: required.has(name),
        minimum: property.minimum,
        maximum: property.maximum,
      },
    ];
  });
};

/** Form values from saved parameters, else from the schema's defaults. */
export const initialValues = (
  fields: readonly Field[],
  saved: Readonly<Record<string, unknown>> = {},
): FormValues =>
  Object.fromEntries(
    fields.map((field) => {
      const value = field.name in saved ? saved[field.name] : field.defaultValue;
      if (field.kind === 'boolean')
        return [field.name, value === true || value === 'True' || value === 'true'];
      return [field.name, value === undefined || value === null ? '' : String(value)];
    }),
  );

export class FormValueError extends InputError {
  override name = 'FormValueError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const toNumber = (field: Field, text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || (field.kind === 'integer' && !Number.isInteger(value))) {
    throw new FormValueError(
      field.name,
      `${field.label} must be ${field.kind === 'integer' ? 'a whole number' : 'a number'}.`,
    );
  }
  if (field.minimum !== undefined && value < field.minimum)
    throw new FormValueError(field.name, `${field.label} must be at least ${field.minimum}.`);
  if (field.maximum !== undefined && value > field.maximum)
    throw new FormValueError(field.name, `${field.label} must be at most ${field.maximum}.`);
  return value;
};

/**
 * Karbor parameters from form values: booleans always, other fields only when filled in;
 * choices keep the type of the schema's enum value. Throws FormValueError.
 */
export const toParameters = (
  fields: readonly Field[],
  values: FormValues,
): Record<string, string | number | boolean> => {
  const out: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      out[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') {
      if (field.required) throw new FormValueError(field.name, `${field.label} is required.`);
      continue;
    }
    if (field.kind === 'choice') {
      const choice = field.choices.find((c) => String(c) === text);
      if (choice === undefined)
        throw new FormValueError(field.name, `${field.label}: choose one of the options.`);
      out[field.name] = choice;
    } else if (field.kind === 'integer' || field.kind === 'number') {
      out[field.name] = toNumber(field, text);
    } else {
      out[field.name] = text;
    }
  }
  return out;
};
