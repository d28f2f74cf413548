import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudConfigError } from '../errors.js';
import type { SessionOptions } from '../session.js';
import { flattenCloud, loadCloudConfig, readEnvSettings, sessionOptionsFrom } from './cloud-config.js';

/**
 * Where the karbor service user comes from: one port, two adapters, one conformance suite
 * (service-credentials-conformance.ts). In AWS a Secrets Manager secret holds the user as a
 * clouds.yaml cloud entry in JSON; locally `OS_CLOUD`/clouds.yaml or `OS_*` describe it, read
 * as the OpenStack CLI reads them. Both map settings to a session by the same code.
 */
interface ServiceCredentials {
  /** a description for messages, e.g. `secret karbor/service` or `clouds.yaml cloud karbor` */
  readonly source: string;
  read(): Promise<SessionOptions>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Session options of a project-scoped service user, or a CloudConfigError that names the source. */
const projectSession = (source: string, read: () => SessionOptions): SessionOptions => {
  try {
    const options = read();
    if (options.scope === 'unscoped' || (typeof options.scope === 'object' && 'domainId' in options.scope))
      throw new CloudConfigError('the service user needs a project (project_name or project_id)');
    return options;
  } catch (error) {
    if (error instanceof CloudConfigError)
      throw new CloudConfigError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
};

class CloudConfigCredentials implements ServiceCredentials {
  readonly source: string;
  readonly #env: Env;

  constructor(env: Env = process.env) {
    this.#env = env;
    this.source = env.OS_CLOUD ? `clouds.yaml cloud ${env.OS_CLOUD}` : 'the OS_* variables';
  }

  async read(): Promise<SessionOptions> {
    return projectSession(this.source, () => loadCloudConfig(undefined, this.#env));
  }
}

const parseSecret = (source: string, text: string | undefined): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text ?? '');
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below without the secret's text
  }
  throw new CloudConfigError(`${source} is not a JSON object of clouds.yaml settings`);
};

/**
 * The secret is a clouds.yaml cloud entry as JSON: `auth` keys nested or flat beside
 * `region_name` and `interface`. `OS_AUTH_URL`, `OS_REGION_NAME` and `OS_INTERFACE` fill in
 * what the secret leaves out (the stack sets them from context keys).
 */
class SecretsManagerCredentials implements ServiceCredentials {
  readonly source: string;
  readonly #secretId: string;
  readonly #client: SecretsManagerClient;
  readonly #env: Env;

  constructor(secretId: string, options: { client?: SecretsManagerClient; env?: Env } = {}) {
    this.#secretId = secretId;
    this.#client = options.client ?? new SecretsManagerClient({});
    this.#env = options.env ?? process.env;
    this.source = `secret ${secretId}`;
  }

  async read(): Promise<SessionOptions> {
    let text: string | undefined;
    try {
      ({ SecretString: text } = await this.#client.send(
        new GetSecretValueCommand({ SecretId: this.#secretId }),
      ));
    } catch (cause) {
      throw new CloudConfigError(`${this.source} cannot be read: ${(cause as Error).name}`, { cause });
    }
    const { auth_url, region_name, interface: endpointInterface } = readEnvSettings(this.#env);
    const defaults = { auth_url, region_name, interface: endpointInterface };
    const fromSecret = flattenCloud(parseSecret(this.source, text));
    const settings = { ...definedOnly(defaults), ...fromSecret };
    return projectSession(this.source, () => sessionOptionsFrom(settings));
  }
}

const definedOnly = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** `KARBOR_SERVICE_CREDENTIALS_SECRET` set (AWS): the secret; otherwise clouds.yaml or OS_*. */
const serviceCredentialsFor = (secretId: string | undefined, env: Env = process.env): ServiceCredentials =>
  secretId ? new SecretsManagerCredentials(secretId, { env }) : new CloudConfigCredentials(env);

export type { ServiceCredentials };
export { CloudConfigCredentials, SecretsManagerCredentials, serviceCredentialsFor };
