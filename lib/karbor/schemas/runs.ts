import { compileBodySchema, parametersSchema, uuidSchema } from '../validation.js';

/** Restore and verification bodies (reference §3.5, §3.6). */

export interface CreateRestoreBody {
  restore: {
    provider_id: string;
    checkpoint_id: string;
    restore_target?: string | null;
    restore_auth?: Record<string, string> | null;
    parameters: Record<string, Record<string, unknown>>;
  };
}

export const validateCreateRestore = compileBodySchema<CreateRestoreBody>({
  type: 'object',
  properties: {
    restore: {
      type: 'object',
      properties: {
        provider_id: uuidSchema,
        checkpoint_id: uuidSchema,
        restore_target: { type: ['string', 'null'], maxLength: 1024 },
        restore_auth: {
          type: ['object', 'null'],
          additionalProperties: { type: ['string', 'null'], maxLength: 1024 },
        },
        parameters: parametersSchema,
      },
      required: ['provider_id', 'checkpoint_id', 'parameters'],
      additionalProperties: false,
    },
  },
  required: ['restore'],
  additionalProperties: false,
});

export interface CreateVerificationBody {
  verification: {
    provider_id: string;
    checkpoint_id: string;
    parameters?: Record<string, Record<string, unknown>>;
  };
}

export const validateCreateVerification = compileBodySchema<CreateVerificationBody>({
  type: 'object',
  properties: {
    verification: {
      type: 'object',
      properties: { provider_id: uuidSchema, checkpoint_id: uuidSchema, parameters: parametersSchema },
      required: ['provider_id', 'checkpoint_id'],
      additionalProperties: false,
    },
  },
  required: ['verification'],
  additionalProperties: false,
});
