import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { MAX_BLOCK_SIZE } from './block-format.js';
import { GC_SAFETY, type GcSafetyName } from './gc-safety.js';

/**
 * The mover's job spec: one JSON document per run, passed as a file, an argument or the
 * MOVER_JOB environment variable (what ECS container overrides set). Validated here, once,
 * before anything runs; unknown fields are errors.
 */
class JobSpecError extends Error {
  override name = 'JobSpecError';
}

const DEFAULT_BLOCK_SIZE = 4 << 20;

interface Tuning {
  /** hashing/compression worker threads (default: the number of CPUs) */
  readonly workers?: number;
  /** blocks read but not yet stored, or fetched but not yet written (default 8) */
  readonly blocksInFlight?: number;
  /** store requests in flight (default 16) */
  readonly storeConcurrency?: number;
  /** longest a stored block waits to be written to the resume journal, in seconds (default 0.5) */
  readonly journalIntervalSeconds?: number;
}

interface GlanceRef {
  readonly type: 'glance';
  readonly endpoint: string;
  readonly token: string;
  readonly imageId: string;
}

type BackupSourceSpec =
  | { readonly type: 'file'; readonly path: string }
  | GlanceRef
  | {
      readonly type: 'export-diff';
      readonly path?: string;
      readonly stdin?: true;
      readonly url?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'rbd';
      readonly image: string;
      readonly snapshot: string;
      readonly fromSnapshot?: string;
    };

type RestoreTargetSpec =
  | { readonly type: 'file'; readonly path: string; readonly assumeZeroed?: boolean }
  | GlanceRef;

interface CommonSpec {
  readonly store: string;
  readonly project: string;
  readonly tuning?: Tuning;
  /** seconds between progress reports (default 2) */
  readonly progressIntervalSeconds?: number;
  /** also report progress into this DynamoDB item (attribute `progress`), e.g. a workflow's resource run */
  readonly report?: ProgressReportTarget;
}

interface ProgressReportTarget {
  readonly table: string;
  readonly key: { readonly pk: string; readonly sk: string };
}

interface BackupJob extends CommonSpec {
  readonly operation: 'backup';
  readonly checkpointId: string;
  readonly resourceId: string;
  readonly source: BackupSourceSpec;
  readonly blockSize?: number;
  readonly codec?: 'lz4' | 'none';
  /** recorded in the manifest; the mover never reads its own clock into it */
  readonly createdAt?: string;
  readonly parent?: { readonly checkpointId: string; readonly resourceId: string };
  /** the gc protocol's timing this store runs with (gc-safety.ts; default full) */
  readonly gcSafety?: GcSafetyName;
}

interface RestoreJob extends CommonSpec {
  readonly operation: 'restore';
  readonly checkpointId: string;
  readonly resourceId: string;
  readonly target: RestoreTargetSpec;
}

interface VerifyJob extends CommonSpec {
  readonly operation: 'verify';
  readonly checkpointId: string;
  readonly resourceId: string;
  readonly sampleFraction?: number;
  readonly seed?: string;
}

interface GcJob extends CommonSpec {
  readonly operation: 'gc';
  readonly safety?: GcSafetyName;
  readonly dryRun?: boolean;
}

type JobSpec = BackupJob | RestoreJob | VerifyJob | GcJob;

const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const glance = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'endpoint', 'token', 'imageId'],
  properties: {
    type: { const: 'glance' },
    endpoint: { type: 'string', format: 'uri' },
    token: nonEmpty,
    imageId: id,
  },
} as const;
const common = {
  store: { type: 'string', pattern: '^(file|s3)://' },
  project: id,
  progressIntervalSeconds: { type: 'number', minimum: 0.1, maximum: 3600 },
  report: {
    type: 'object',
    additionalProperties: false,
    required: ['table', 'key'],
    properties: {
      table: { type: 'string', pattern: '^[A-Za-z0-9_.-]{3,255}$' },
      key: {
        type: 'object',
        additionalProperties: false,
        required: ['pk', 'sk'],
        properties: { pk: nonEmpty, sk: nonEmpty },
      },
    },
  },
  tuning: {
    type: 'object',
    additionalProperties: false,
    properties: {
      workers: { type: 'integer', minimum: 1, maximum: 64 },
      blocksInFlight: { type: 'integer', minimum: 1, maximum: 256 },
      storeConcurrency: { type: 'integer', minimum: 1, maximum: 256 },
      journalIntervalSeconds: { type: 'number', minimum: 0.01, maximum: 600 },
    },
  },
} as const;
const resource = { checkpointId: id, resourceId: id } as const;
const schemaFor = (operation: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['operation', 'store', 'project', ...required],
  properties: { operation: { const: operation }, ...common, ...properties },
});

const SCHEMAS = {
  backup: schemaFor('backup', ['checkpointId', 'resourceId', 'source'], {
    ...resource,
    blockSize: { type: 'integer', minimum: 4096, maximum: MAX_BLOCK_SIZE, multipleOf: 4096 },
    codec: { enum: ['lz4', 'none'] },
    createdAt: { type: 'string', format: 'date-time' },
    gcSafety: { enum: Object.keys(GC_SAFETY) },
    parent: {
      type: 'object',
      additionalProperties: false,
      required: ['checkpointId', 'resourceId'],
      properties: resource,
    },
    source: {
      type: 'object',
      discriminator: { propertyName: 'type' },
      required: ['type'],
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'path'],
          properties: { type: { const: 'file' }, path: nonEmpty },
        },
        glance,
        {
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { const: 'export-diff' },
            path: nonEmpty,
            stdin: { const: true },
            url: { type: 'string', format: 'uri' },
            headers: { type: 'object', additionalProperties: { type: 'string' } },
          },
          oneOf: [{ required: ['path'] }, { required: ['stdin'] }, { required: ['url'] }],
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'image', 'snapshot'],
          properties: {
            type: { const: 'rbd' },
            image: { type: 'string', pattern: '^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$' },
            snapshot: id,
            fromSnapshot: id,
          },
        },
      ],
    },
  }),
  restore: schemaFor('restore', ['checkpointId', 'resourceId', 'target'], {
    ...resource,
    target: {
      type: 'object',
      discriminator: { propertyName: 'type' },
      required: ['type'],
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'path'],
          properties: { type: { const: 'file' }, path: nonEmpty, assumeZeroed: { type: 'boolean' } },
        },
        glance,
      ],
    },
  }),
  verify: schemaFor('verify', ['checkpointId', 'resourceId'], {
    ...resource,
    sampleFraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    seed: { type: 'string', maxLength: 256 },
  }),
  gc: schemaFor('gc', [], { safety: { enum: Object.keys(GC_SAFETY) }, dryRun: { type: 'boolean' } }),
} as const;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(
  new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
  }),
);
const validators = Object.fromEntries(
  Object.entries(SCHEMAS).map(([operation, schema]) => [operation, ajv.compile(schema)]),
) as Record<JobSpec['operation'], ReturnType<Ajv['compile']>>;

const describeErrors = (errors: ErrorObject[] | null | undefined): string => {
  const all = errors ?? [];
  const specific = all.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'const');
  return (specific.length > 0 ? specific : all)
    .map((e) => {
      const extra = 'additionalProperty' in e.params ? ` "${e.params.additionalProperty}"` : '';
      return `${e.instancePath || '(root)'} ${e.message}${extra}`;
    })
    .slice(0, 8)
    .join('; ');
};

/** Parses and validates a job spec (JSON text or an already parsed value). */
const parseJobSpec = (input: string | unknown): JobSpec => {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new JobSpecError('job spec is not valid JSON', { cause });
    }
  }
  const operation = (value as { operation?: unknown } | null)?.operation;
  if (typeof operation !== 'string' || !(operation in validators)) {
    throw new JobSpecError(`job spec "operation" must be one of ${Object.keys(validators).join(', ')}`);
  }
  const validate = validators[operation as JobSpec['operation']];
  if (!validate(value))
    throw new JobSpecError(`invalid ${operation} job: ${describeErrors(validate.errors)}`);
  return value as JobSpec;
};

/** The job spec's JSON schemas, per operation (for the workflows' own validation and docs). */
const JOB_SPEC_SCHEMAS = SCHEMAS;

export type {
  BackupJob,
  BackupSourceSpec,
  GcJob,
  JobSpec,
  ProgressReportTarget,
  RestoreJob,
  RestoreTargetSpec,
  Tuning,
  VerifyJob,
};
export { DEFAULT_BLOCK_SIZE, JOB_SPEC_SCHEMAS, JobSpecError, parseJobSpec };
