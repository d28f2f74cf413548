import { compileBodySchema, descriptionSchema, nameSchema, uuidSchema } from '../validation.js';

/** Trigger and scheduled-operation bodies (reference §3.7, §3.8). */

const triggerProperties = {
  type: 'object',
  properties: {
    format: { type: 'string' },
    pattern: { type: 'string' },
    start_time: { type: 'string' },
    end_time: { type: 'string' },
    window: { type: ['integer', 'string'] },
  },
  additionalProperties: false,
} as const;

export interface TriggerBody {
  trigger_info: { name?: string; type?: string; properties?: Record<string, unknown> };
}

export const validateCreateTrigger = compileBodySchema<TriggerBody>({
  type: 'object',
  properties: {
    trigger_info: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        type: { type: 'string' },
        properties: { ...triggerProperties, required: ['format', 'pattern'] },
      },
      required: ['name', 'type', 'properties'],
      additionalProperties: false,
    },
  },
  required: ['trigger_info'],
  additionalProperties: false,
});

export const validateUpdateTrigger = compileBodySchema<TriggerBody>({
  type: 'object',
  properties: {
    trigger_info: {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 255 },
        type: { type: 'string' },
        properties: triggerProperties,
      },
      additionalProperties: false,
    },
  },
  required: ['trigger_info'],
  additionalProperties: false,
});

export interface ScheduledOperationBody {
  scheduled_operation: {
    name: string;
    description?: string | null;
    operation_type: string;
    trigger_id: string;
    operation_definition: { provider_id: string; plan_id: string; [key: string]: unknown };
  };
}

export const validateCreateScheduledOperation = compileBodySchema<ScheduledOperationBody>({
  type: 'object',
  properties: {
    scheduled_operation: {
      type: 'object',
      properties: {
        name: nameSchema,
        description: descriptionSchema,
        operation_type: { type: 'string' },
        trigger_id: uuidSchema,
        operation_definition: {
          type: 'object',
          properties: { provider_id: uuidSchema, plan_id: uuidSchema },
          required: ['provider_id', 'plan_id'],
          additionalProperties: { type: ['string', 'integer', 'number', 'boolean', 'null'] },
        },
      },
      required: ['name', 'operation_type', 'trigger_id', 'operation_definition'],
      additionalProperties: false,
    },
  },
  required: ['scheduled_operation'],
  additionalProperties: false,
});
