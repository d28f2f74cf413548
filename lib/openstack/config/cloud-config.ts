import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYamlDocument } from 'yaml';
import { CloudConfigError } from '../errors.js';
import type { AuthMethod, AuthScope, DomainRef } from '../identity/auth.js';
import type { EndpointInterface } from '../identity/catalog.js';
import type { SessionOptions } from '../session.js';

/**
 * Cloud settings the way the OpenStack CLI reads them: `OS_CLOUD` (or an explicit name) picks
 * an entry of clouds.yaml (found through OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/,
 * /etc/openstack/; secure.yaml from OS_CLIENT_SECURE_FILE or the same places is merged in); without a cloud name the OS_* variables
 * describe the cloud. auth_type: password (default), v3applicationcredential, token, with an
 * optional trust_id for trust scope.
 */

type Env = Readonly<Record<string, string | undefined>>;
type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** clouds.yaml and secure.yaml as PyYAML reads them for the OpenStack CLI (merge keys included); a syntax error names the file. */
const readYamlFile = (path: string): YamlValue => {
  if (!existsSync(path)) throw new CloudConfigError(`${path} does not exist`);
  try {
    return parseYamlDocument(readFileSync(path, 'utf8'), { merge: true }) as YamlValue;
  } catch (cause) {
    throw new CloudConfigError(`${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
};
type Settings = Record<string, string | undefined>;

const searchDirs = (env: Env): string[] => [
  process.cwd(),
  join(env.HOME ?? homedir(), '.config', 'openstack'),
  '/etc/openstack',
];

const findFile = (env: Env, name: string): string | undefined => {
  if (name === 'clouds.yaml' && env.OS_CLIENT_CONFIG_FILE) return env.OS_CLIENT_CONFIG_FILE;
  if (name === 'secure.yaml' && env.OS_CLIENT_SECURE_FILE) return env.OS_CLIENT_SECURE_FILE;
  return searchDirs(env)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
};

const asRecord = (value: YamlValue | undefined): Record<string, YamlValue> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** A clouds.yaml cloud entry as flat settings: `auth` keys beside `region_name`, `interface`… */
export const flattenCloud = (cloud: Record<string, unknown>): Settings => {
  const settings: Settings = {};
  for (const [key, value] of Object.entries(cloud)) {
    if (key !== 'auth' && (typeof value === 'string' || typeof value === 'number'))
      settings[key] = String(value);
  }
  for (const [key, value] of Object.entries(asRecord(cloud.auth as YamlValue | undefined))) {
    if (typeof value === 'string' || typeof value === 'number') settings[key] = String(value);
  }
  return settings;
};

const deepMerge = (
  base: Record<string, YamlValue>,
  extra: Record<string, YamlValue>,
): Record<string, YamlValue> => {
  const out: Record<string, YamlValue> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] =
      current && typeof current === 'object' && !Array.isArray(current) && typeof value === 'object'
        ? deepMerge(current, asRecord(value))
        : value;
  }
  return out;
};

/** The settings of one clouds.yaml entry (auth keys flattened beside region_name etc.). */
export const readCloudsYaml = (cloudName: string, env: Env = process.env): Settings => {
  const path = findFile(env, 'clouds.yaml');
  if (!path) throw new CloudConfigError(`cloud ${cloudName} requested but no clouds.yaml was found`);
  const clouds = asRecord(asRecord(readYamlFile(path)).clouds);
  let cloud = asRecord(clouds[cloudName]);
  if (!clouds[cloudName]) {
    throw new CloudConfigError(
      `cloud ${cloudName} is not in ${path} (has: ${Object.keys(clouds).join(', ')})`,
    );
  }
  const secure = findFile(env, 'secure.yaml');
  if (secure) cloud = deepMerge(cloud, asRecord(asRecord(asRecord(readYamlFile(secure)).clouds)[cloudName]));
  return flattenCloud(cloud);
};

/** The OS_* variables as clouds.yaml keys (OS_USER_DOMAIN_NAME → user_domain_name). */
export const readEnvSettings = (env: Env = process.env): Settings => {
  const settings: Settings = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('OS_') && value !== undefined && value !== '')
      settings[key.slice(3).toLowerCase()] = value;
  }
  if (settings.tenant_name && !settings.project_name) settings.project_name = settings.tenant_name;
  return settings;
};

const domainRef = (s: Settings, prefix: 'user' | 'project'): DomainRef => {
  const id = s[`${prefix}_domain_id`] ?? s.domain_id;
  const name = s[`${prefix}_domain_name`] ?? s.domain_name;
  return id ? { domainId: id } : { domainName: name ?? 'Default' };
};

const authMethod = (s: Settings): AuthMethod => {
  const type = (s.auth_type ?? (s.token ? 'token' : 'password')).replace(/^v3/, '');
  const userDomain = domainRef(s, 'user');
  const userRef = {
    ...(s.user_id ? { userId: s.user_id } : {}),
    ...(s.username ? { username: s.username } : {}),
  };
  if (type === 'token') {
    if (!s.token) throw new CloudConfigError('auth_type token needs a token (OS_TOKEN)');
    return { type: 'token', token: s.token };
  }
  if (type === 'applicationcredential') {
    if (!s.application_credential_secret)
      throw new CloudConfigError('application credential auth needs a secret');
    return {
      type: 'application-credential',
      secret: s.application_credential_secret,
      userDomain,
      ...userRef,
      ...(s.application_credential_id ? { id: s.application_credential_id } : {}),
      ...(s.application_credential_name ? { name: s.application_credential_name } : {}),
    };
  }
  if (type !== 'password') throw new CloudConfigError(`unsupported auth_type ${s.auth_type}`);
  if (!s.password) throw new CloudConfigError('password auth needs a password (OS_PASSWORD)');
  return { type: 'password', password: s.password, userDomain, ...userRef };
};

const authScope = (s: Settings): AuthScope => {
  if (s.trust_id) return { trustId: s.trust_id };
  if (s.project_id) return { projectId: s.project_id };
  if (s.project_name) return { projectName: s.project_name, projectDomain: domainRef(s, 'project') };
  if (s.domain_id) return { domainId: s.domain_id };
  return 'unscoped';
};

const overrideSuffix = '_endpoint_override';

/** openstacksdk's `<service_type>_endpoint_override` (`block_storage_…` → `block-storage`). */
const endpointOverridesOf = (s: Settings): Record<string, string> =>
  Object.fromEntries(
    Object.entries(s)
      .filter(([key, value]) => key.endsWith(overrideSuffix) && value)
      .map(([key, value]) => [key.slice(0, -overrideSuffix.length).replace(/_/g, '-'), value as string]),
  );

/** Session options from settings: clouds.yaml entry or OS_* (see readCloudsYaml/readEnvSettings). */
export const sessionOptionsFrom = (s: Settings): SessionOptions => {
  if (!s.auth_url) throw new CloudConfigError('no auth_url (OS_AUTH_URL or clouds.yaml auth.auth_url)');
  const iface = (s.interface ?? s.endpoint_type)?.replace(/URL$/, '') as EndpointInterface | undefined;
  const overrides = endpointOverridesOf(s);
  return {
    authUrl: s.auth_url,
    auth: authMethod(s),
    scope: authScope(s),
    ...(iface ? { interface: iface } : {}),
    ...(s.region_name ? { region: s.region_name } : {}),
    ...(Object.keys(overrides).length ? { endpointOverrides: overrides } : {}),
  };
};

/** What the OpenStack CLI would use: `cloud` or OS_CLOUD from clouds.yaml, else OS_*. */
export const loadCloudConfig = (cloud?: string, env: Env = process.env): SessionOptions => {
  const name = cloud ?? env.OS_CLOUD;
  if (name) {
    const fromEnv = readEnvSettings(env);
    const fromFile = readCloudsYaml(name, env);
    const envOverrides = Object.entries(fromEnv).filter(([key]) => key.endsWith(overrideSuffix));
    return sessionOptionsFrom({
      ...fromFile,
      ...(fromEnv.region_name ? { region_name: fromEnv.region_name } : {}),
      ...(fromEnv.interface ? { interface: fromEnv.interface } : {}),
      ...Object.fromEntries(envOverrides),
    });
  }
  return sessionOptionsFrom(readEnvSettings(env));
};
