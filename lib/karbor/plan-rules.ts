import type { PlanResource } from '../bank/records.js';
import type { ProviderDefinition } from '../providers/provider-registry.js';
import { isKarborResourceType } from '../providers/resource-types.js';
import { BadRequest } from './faults.js';
import type { PlanResourceInput } from './schemas/plans.js';
import { isUuidLike } from './validation.js';

/** Checks of plan resources and parameters beyond the JSON schema (karbor/api/v1/plans.py). */

export const planStatuses = ['suspended', 'started'] as const;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

export const checkResources = (resources: readonly PlanResourceInput[]): PlanResource[] => {
  if (resources.length === 0)
    throw new BadRequest('Invalid input received: Resources must be a non-empty list.');
  return resources.map((resource) => {
    if (!isText(resource.id) || !isText(resource.type) || typeof resource.name !== 'string') {
      throw new BadRequest('Invalid input received: Each resource needs an id, a type and a name.');
    }
    const extra = resource.extra_info;
    return {
      id: resource.id,
      type: resource.type,
      name: resource.name,
      extra_info:
        extra === undefined || extra === null
          ? undefined
          : typeof extra === 'string'
            ? extra
            : JSON.stringify(extra),
    };
  });
};

/** `Type` or `Type#<uuid>` keys, known types, and option names from the provider's schema. */
export const checkParameters = (
  parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  provider: ProviderDefinition,
  schemaKind: 'options_schema' | 'restore_schema',
): void => {
  const invalidProperty =
    schemaKind === 'options_schema'
      ? 'The protect property of plan parameters is invalid.'
      : 'The restore property of restore parameters is invalid.';
  for (const [key, options] of Object.entries(parameters)) {
    const [type = '', resourceId] = key.split('#', 2);
    if (resourceId !== undefined && !isUuidLike(resourceId))
      throw new BadRequest(`Invalid resource id ${resourceId} in parameters.`);
    if (!isKarborResourceType(type))
      throw new BadRequest(
        `The key of ${schemaKind === 'options_schema' ? 'plan' : 'restore'} parameters is invalid.`,
      );
    const schema = provider.extended_info_schema[schemaKind][type];
    if (schema === undefined) continue;
    const known = Object.keys(schema.properties);
    for (const [name, value] of Object.entries(options)) {
      if (!known.includes(name)) throw new BadRequest(invalidProperty);
      checkOptionValue(name, value, schema.properties[name] as Record<string, unknown>);
    }
  }
};

/** Beyond Karbor: option values must fit their schema, so a typo fails now, not at 3 a.m. */
const checkOptionValue = (name: string, value: unknown, schema: Record<string, unknown>): void => {
  const type = schema.type;
  const fits =
    value === null ||
    (type === 'boolean' && (typeof value === 'boolean' || /^(true|false)$/i.test(String(value)))) ||
    (type === 'integer' && /^-?\d+$/.test(String(value))) ||
    (type === 'string' && typeof value === 'string') ||
    (type !== 'boolean' && type !== 'integer' && type !== 'string');
  const allowed = schema.enum as unknown[] | undefined;
  const inEnum = allowed === undefined || allowed.some((candidate) => String(candidate) === String(value));
  if (!fits || !inEnum) {
    throw new BadRequest(
      `Invalid value ${JSON.stringify(value)} for option ${name}: expected ${allowed ? `one of ${allowed.join(', ')}` : type}.`,
    );
  }
};
