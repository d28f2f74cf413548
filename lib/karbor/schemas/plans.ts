import {
  compileBodySchema,
  descriptionSchema,
  nameSchema,
  parametersSchema,
  uuidSchema,
} from '../validation.js';

/** Plan bodies (karbor/api/schemas/plans.py), with `name` and `resources` required. */

const resourcesSchema = { type: 'array', items: { type: 'object' } } as const;

export interface PlanResourceInput {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly name?: unknown;
  readonly extra_info?: unknown;
}

export interface CreatePlanBody {
  plan: {
    name: string;
    description?: string | null;
    provider_id: string;
    parameters: Record<string, Record<string, unknown>>;
    resources: PlanResourceInput[];
  };
}

export interface UpdatePlanBody {
  plan: {
    name?: string;
    description?: string | null;
    status?: string | null;
    resources?: PlanResourceInput[];
    parameters?: Record<string, Record<string, unknown>>;
  };
}

export const validateCreatePlan = compileBodySchema<CreatePlanBody>({
  type: 'object',
  properties: {
    plan: {
      type: 'object',
      properties: {
        name: nameSchema,
        description: descriptionSchema,
        provider_id: uuidSchema,
        parameters: parametersSchema,
        resources: resourcesSchema,
      },
      required: ['name', 'provider_id', 'parameters', 'resources'],
      additionalProperties: false,
    },
  },
  required: ['plan'],
  additionalProperties: false,
});

export const validateUpdatePlan = compileBodySchema<UpdatePlanBody>({
  type: 'object',
  properties: {
    plan: {
      type: 'object',
      properties: {
        name: nameSchema,
        description: descriptionSchema,
        status: { type: ['string', 'null'] },
        resources: resourcesSchema,
        parameters: parametersSchema,
      },
      additionalProperties: false,
    },
  },
  required: ['plan'],
  additionalProperties: false,
});
