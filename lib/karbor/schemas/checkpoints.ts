import { compileBodySchema, parametersSchema, uuidSchema } from '../validation.js';

export interface CreateCheckpointBody {
  checkpoint: {
    plan_id: string;
    'extra-info'?: Record<string, unknown> | null;
    extra_info?: Record<string, unknown> | null;
  };
}

/** Karbor's schema uses `extra-info` (what the client sends); we also accept `extra_info`. */
export const validateCreateCheckpoint = compileBodySchema<CreateCheckpointBody>({
  type: 'object',
  properties: {
    checkpoint: {
      type: 'object',
      properties: {
        plan_id: uuidSchema,
        'extra-info': { type: ['object', 'null'] },
        extra_info: { type: ['object', 'null'] },
      },
      required: ['plan_id'],
      additionalProperties: false,
    },
  },
  required: ['checkpoint'],
  additionalProperties: false,
});

export interface ResetStateBody {
  'os-resetState': { state: 'available' | 'error' };
}

export const validateResetState = compileBodySchema<ResetStateBody>({
  type: 'object',
  properties: {
    'os-resetState': {
      type: 'object',
      properties: { state: { type: 'string', enum: ['available', 'error'] } },
      required: ['state'],
      additionalProperties: false,
    },
  },
  required: ['os-resetState'],
  additionalProperties: false,
});

export interface CopyBody {
  copy: { plan_id: string; parameters?: Record<string, Record<string, unknown>> };
}

export const validateCopy = compileBodySchema<CopyBody>({
  type: 'object',
  properties: {
    copy: {
      type: 'object',
      properties: { plan_id: uuidSchema, parameters: parametersSchema },
      required: ['plan_id'],
      additionalProperties: false,
    },
  },
  required: ['copy'],
  additionalProperties: false,
});
