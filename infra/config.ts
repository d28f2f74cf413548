import type { Node } from 'constructs';
import { type AdminScopeMode, adminScopeModes } from '../lib/auth/admin-scope.js';
import { parseRbdBackends } from '../lib/workflows/drivers/protect/rbd-backends.js';

/**
 * Deployment settings, read from CDK context (`-c key=value` or cdk.json) and validated once.
 * docs/deploy.md lists every key with its default; the defaults synthesize with no context.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const openstackInterfaces = ['public', 'internal', 'admin'] as const;
export type OpenstackInterface = (typeof openstackInterfaces)[number];

export interface KarborConfig {
  /** Keystone v3 endpoint the authorizer and tasks call. */
  readonly openstackAuthUrl: string;
  readonly openstackRegion: string;
  readonly openstackInterface: OpenstackInterface;
  /** Existing secret with the service user's credentials; undefined creates a new one. */
  readonly openstackSecretArn: string | undefined;
  /** Existing VPC for the mover (e.g. the one with the VPN); undefined creates a new one. */
  readonly vpcId: string | undefined;
  /** S3 Object Lock on the block bucket (only takes effect on a new bucket). */
  readonly objectLock: boolean;
  /** Registry image for the mover; undefined builds mover-fargate/Dockerfile. */
  readonly moverImage: string | undefined;
  /** Parallel mover tasks per workflow (the Map's MaxConcurrency). */
  readonly moverConcurrency: number;
  /** Stage-wide steady-state requests per second. */
  readonly apiThrottleRate: number;
  /** Stage-wide burst. */
  readonly apiThrottleBurst: number;
  /** Key prefix of everything Karbor writes to the block bucket, without slashes at the ends. */
  readonly blockPrefix: string;
  /** `KARBOR_RBD_BACKENDS` of the task functions: volumes read with `rbd export-diff`; undefined: none. */
  readonly rbdBackends: string | undefined;
  /** Existing secret with `conf` and `keyring` (JSON keys) for the mover's rbd; needed with rbdBackends. */
  readonly cephSecretArn: string | undefined;
  /** The Ceph client user of that keyring (`karbor` for `client.karbor`). */
  readonly cephUser: string;
  /** `KARBOR_ADMIN_SCOPE`: `scoped` (cloud admin = system scope or admin on adminProject) or Karbor's `legacy`. */
  readonly adminScope: AdminScopeMode;
  /** `KARBOR_ADMIN_PROJECT`: the Keystone project whose admins are cloud admins (id, or name in Default). */
  readonly adminProject: string;
}

export const defaultConfig: KarborConfig = {
  openstackAuthUrl: 'https://keystone.invalid/v3',
  openstackRegion: 'RegionOne',
  openstackInterface: 'public',
  openstackSecretArn: undefined,
  vpcId: undefined,
  objectLock: false,
  moverImage: undefined,
  moverConcurrency: 4,
  apiThrottleRate: 100,
  apiThrottleBurst: 200,
  blockPrefix: 'karbor',
  rbdBackends: undefined,
  cephSecretArn: undefined,
  cephUser: 'karbor',
  adminScope: 'scoped',
  adminProject: 'admin',
};

type Context = (key: string) => unknown;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Context from `-c` always arrives as a string; cdk.json and tests may pass real values. */
const text = (context: Context, key: string): string | undefined => {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ConfigError(`context ${key} must be a string, got ${show(value)}`);
  }
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
};

const matching = (context: Context, key: string, pattern: RegExp, what: string): string | undefined => {
  const value = text(context, key);
  if (value !== undefined && !pattern.test(value)) {
    throw new ConfigError(`context ${key} must be ${what}, got ${show(value)}`);
  }
  return value;
};

const positive = (context: Context, key: string, fallback: number, integer: boolean): number => {
  const value = text(context, key);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new ConfigError(
      `context ${key} must be a positive ${integer ? 'integer' : 'number'}, got ${show(value)}`,
    );
  }
  return number;
};

const flag = (context: Context, key: string): boolean => {
  const value = text(context, key)?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigError(`context ${key} must be true or false, got ${show(context(key))}`);
};

const choice = <T extends string>(context: Context, key: string, choices: readonly T[], fallback: T): T => {
  const value = text(context, key);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(`context ${key} must be one of ${choices.join(', ')}, got ${show(value)}`);
  }
  return value as T;
};

const httpUrl = (context: Context, key: string, fallback: string): string => {
  const value = text(context, key);
  if (value === undefined) return fallback;
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
    throw new ConfigError(`context ${key} must be an http(s) url, got ${show(value)}`);
  }
  return value;
};

const secretArnPattern = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const secretArnWhat = 'a complete secrets manager secret arn (ending in the 6-character suffix)';

const rbdBackends = (context: Context): string | undefined => {
  const value = text(context, 'rbdBackends');
  if (value === undefined) return undefined;
  try {
    parseRbdBackends(value);
  } catch (error) {
    throw new ConfigError(`context rbdBackends: ${(error as Error).message}`, { cause: error });
  }
  return value;
};

export const readConfig = (node: Pick<Node, 'tryGetContext'>): KarborConfig => {
  const context: Context = (key) => node.tryGetContext(key);
  const rbd = rbdBackends(context);
  const cephSecretArn = matching(context, 'cephSecretArn', secretArnPattern, secretArnWhat);
  if (rbd !== undefined && cephSecretArn === undefined) {
    throw new ConfigError(
      `context rbdBackends ${show(rbd)} needs cephSecretArn: the mover reads those volumes with rbd`,
    );
  }
  return {
    openstackAuthUrl: httpUrl(context, 'openstackAuthUrl', defaultConfig.openstackAuthUrl),
    openstackRegion:
      matching(context, 'openstackRegion', /^[\w.-]+$/, 'a region name') ?? defaultConfig.openstackRegion,
    openstackInterface: choice(context, 'openstackInterface', openstackInterfaces, 'public'),
    openstackSecretArn: matching(context, 'openstackSecretArn', secretArnPattern, secretArnWhat),
    vpcId: matching(context, 'vpcId', /^vpc-[0-9a-f]{8,17}$/, 'a vpc id (vpc-…)'),
    objectLock: flag(context, 'objectLock'),
    moverImage: matching(context, 'moverImage', /^[\w.:/@-]+$/, 'a container image reference'),
    moverConcurrency: positive(context, 'moverConcurrency', defaultConfig.moverConcurrency, true),
    apiThrottleRate: positive(context, 'apiThrottleRate', defaultConfig.apiThrottleRate, false),
    apiThrottleBurst: positive(context, 'apiThrottleBurst', defaultConfig.apiThrottleBurst, true),
    blockPrefix:
      matching(
        context,
        'blockPrefix',
        /^[\w.-]+(\/[\w.-]+)*$/,
        'a key prefix without leading or trailing /',
      ) ?? defaultConfig.blockPrefix,
    rbdBackends: rbd,
    cephSecretArn,
    cephUser:
      matching(context, 'cephUser', /^[\w.-]+$/, 'a ceph client user name (karbor for client.karbor)') ??
      defaultConfig.cephUser,
    adminScope: choice(context, 'adminScope', adminScopeModes, defaultConfig.adminScope),
    adminProject:
      matching(context, 'adminProject', /^[\w.-]{1,64}$/, 'a Keystone project id or name') ??
      defaultConfig.adminProject,
  };
};
