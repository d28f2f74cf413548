/**
 * Names of the environment variables the deployed code reads. infra/ sets them on every
 * Lambda and the mover task; the code reads them through lib/config/env.ts, so both sides
 * name each variable once, here.
 */
export const envNames = {
  /** The Bank table. */
  tableName: 'KARBOR_TABLE_NAME',
  /** Where blocks live: `s3://<bucket>/<prefix>` on AWS, `file://<dir>` locally. */
  blockStore: 'KARBOR_BLOCK_STORE',
  /** How tokens are validated: `keystone` on AWS. */
  auth: 'KARBOR_AUTH',
  /** Secrets Manager secret ARN with the Karbor service user's Keystone credentials (JSON). */
  serviceCredentialsSecret: 'KARBOR_SERVICE_CREDENTIALS_SECRET',
  /** EventBridge Scheduler group holding one schedule per scheduled operation. */
  scheduleGroup: 'KARBOR_SCHEDULE_GROUP',
  /** The role schedules assume to start executions. */
  schedulerRoleArn: 'KARBOR_SCHEDULER_ROLE_ARN',
  /** ECS cluster the mover runs in. */
  moverClusterArn: 'KARBOR_MOVER_CLUSTER_ARN',
  /** Cinder backends and volume types whose volumes the mover reads with `rbd export-diff`, and their pools. */
  rbdBackends: 'KARBOR_RBD_BACKENDS',
  /** Mover: the text of a ceph.conf (an ECS task secret), written to `cephFiles.conf` at start. */
  cephConfText: 'KARBOR_CEPH_CONF',
  /** Mover: the text of a Ceph keyring (an ECS task secret), written to `cephFiles.keyring` at start. */
  cephKeyringText: 'KARBOR_CEPH_KEYRING',
  /** Read by rbd: the config file it uses (lib/config/ceph-files.ts). */
  cephConf: 'CEPH_CONF',
  /** Read by rbd: extra arguments (`--keyring <file> --id <user>`). */
  cephArgs: 'CEPH_ARGS',
  /** Who is a cloud admin: `scoped` (system scope or admin on the admin project) or Karbor's `legacy` rule. */
  adminScope: 'KARBOR_ADMIN_SCOPE',
  /** The admin project, by id or name (noauth: by id); default `admin`. */
  adminProject: 'KARBOR_ADMIN_PROJECT',
  osAuthUrl: 'OS_AUTH_URL',
  osRegionName: 'OS_REGION_NAME',
  osInterface: 'OS_INTERFACE',
} as const;

/** `KARBOR_STATE_MACHINE_<NAME>_ARN`, NAME being the workflow file name upper-cased (`protect` → `PROTECT`). */
export const stateMachineArnEnvName = (workflow: string): string =>
  `KARBOR_STATE_MACHINE_${workflow.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_ARN`;
