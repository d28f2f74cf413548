import type { Parameters, Resource, TriggerProperties } from '../api/karbor-types.js';

/**
 * The command line that does what the console just did, for each action (kopia's htmlui
 * shows the same). `openstack data protection …` where the OSC plugin works; the legacy
 * `karbor` CLI for triggers and scheduled operations, whose OSC commands crash client-side
 * (reference §8.3).
 */

/** Quotes for a POSIX shell when needed. */
export const shellQuote = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;

const command = (...words: (string | undefined)[]): string =>
  words
    .filter((w): w is string => w !== undefined)
    .map(shellQuote)
    .join(' ');

const osc = (...words: (string | undefined)[]) => command('openstack', 'data', 'protection', ...words);

export const cli = {
  planCreate: (name: string, providerId: string, resources: readonly Resource[], parameters: Parameters) =>
    osc(
      'plan',
      'create',
      name,
      providerId,
      '--resources',
      resources.map((r) => `${r.id}=${r.type}=${r.name || r.id}`).join(','),
      ...(Object.keys(parameters).length > 0 ? ['--parameters-json', JSON.stringify(parameters)] : []),
    ),
  planUpdate: (planId: string, change: { name?: string; status?: string }) =>
    osc(
      'plan',
      'update',
      planId,
      ...(change.name ? ['--name', change.name] : []),
      ...(change.status ? ['--status', change.status] : []),
    ),
  planDelete: (planId: string) => osc('plan', 'delete', planId),
  checkpointCreate: (providerId: string, planId: string) => osc('checkpoint', 'create', providerId, planId),
  checkpointList: (providerId: string, planId: string) =>
    osc('checkpoint', 'list', providerId, '--plan_id', planId),
  checkpointDelete: (providerId: string, checkpointId: string) =>
    osc('checkpoint', 'delete', providerId, checkpointId),
  restoreCreate: (providerId: string, checkpointId: string, parameters: Parameters, target?: string) =>
    osc(
      'restore',
      'create',
      providerId,
      checkpointId,
      ...(target
        ? ['--restore_target', target, '--restore_username', '<user>', '--restore_password', '<password>']
        : []),
      ...(Object.keys(parameters).length > 0 ? ['--parameters-json', JSON.stringify(parameters)] : []),
    ),
  verificationCreate: (providerId: string, checkpointId: string) =>
    osc('verification', 'create', providerId, checkpointId),
  triggerCreate: (name: string, properties: TriggerProperties) =>
    command(
      'karbor',
      'trigger-create',
      name,
      'time',
      Object.entries(properties)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
    ),
  scheduledOperationCreate: (
    name: string,
    type: string,
    triggerId: string,
    definition: Record<string, string>,
  ) =>
    command(
      'karbor',
      'scheduledoperation-create',
      name,
      type,
      triggerId,
      Object.entries(definition)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ),
  operationLogList: (filters: Record<string, string | undefined>) =>
    command(
      'karbor',
      'operationlog-list',
      ...Object.entries(filters).flatMap(([k, v]) => (v ? [`--${k}`, v] : [])),
    ),
};
