import { readFileSync } from 'node:fs';
import { getOptionalString } from '../config/env.js';
import { blockProvider } from './block-provider.js';

/**
 * Providers are configuration, not code paths: the registry serves the definitions listed in
 * `KARBOR_PROVIDERS_FILE` (a JSON array of provider definitions), or our block provider.
 */

export interface ExtendedInfoSchema {
  readonly options_schema: Readonly<Record<string, JsonSchemaObject>>;
  readonly restore_schema: Readonly<Record<string, JsonSchemaObject>>;
  readonly saved_info_schema: Readonly<Record<string, JsonSchemaObject>>;
}

export interface JsonSchemaObject {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, unknown>>;
  readonly [keyword: string]: unknown;
}

export interface ProviderDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly extended_info_schema: ExtendedInfoSchema;
}

export class ProviderConfigError extends Error {
  override name = 'ProviderConfigError';
}

export class ProviderRegistry {
  readonly #providers: readonly ProviderDefinition[];

  constructor(providers: readonly ProviderDefinition[]) {
    const ids = new Set(providers.map((p) => p.id));
    if (ids.size !== providers.length) throw new ProviderConfigError('provider ids must be unique');
    this.#providers = [...providers].sort((a, b) => a.id.localeCompare(b.id));
  }

  list(): readonly ProviderDefinition[] {
    return this.#providers;
  }

  get(id: string): ProviderDefinition | undefined {
    return this.#providers.find((provider) => provider.id.toLowerCase() === normaliseUuid(id));
  }

  /** The types a provider protects: those with an options schema. */
  protectedTypes(provider: ProviderDefinition): string[] {
    return Object.keys(provider.extended_info_schema.options_schema);
  }
}

const normaliseUuid = (id: string): string => {
  const hex = id.toLowerCase().replaceAll('-', '');
  return hex.length === 32
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : id;
};

const readProvidersFile = (path: string): ProviderDefinition[] => {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new ProviderConfigError(`${path} must hold a JSON array of providers`);
    return parsed as ProviderDefinition[];
  } catch (error) {
    if (error instanceof ProviderConfigError) throw error;
    throw new ProviderConfigError(`cannot read providers from ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
};

export const providerRegistryFromEnv = (): ProviderRegistry => {
  const file = getOptionalString('KARBOR_PROVIDERS_FILE');
  return new ProviderRegistry(file ? readProvidersFile(file) : [blockProvider]);
};

export { normaliseUuid };
