import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { stringify } from 'yaml';
import {
  CloudConfigCredentials,
  SecretsManagerCredentials,
} from '../../lib/openstack/config/service-credentials.js';
import { describeServiceCredentialsConformance } from '../../lib/openstack/config/service-credentials-conformance.js';

/** One suite for both sources of the service user: clouds.yaml (local mode) and Secrets Manager (AWS, moto here). */

const cloudsFile = (entry: Record<string, unknown>): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'clouds-')), 'clouds.yaml');
  writeFileSync(file, stringify({ clouds: { karbor: entry } }));
  return file;
};

describeServiceCredentialsConformance('clouds.yaml (local mode)', {
  holding: async (entry) =>
    new CloudConfigCredentials({ OS_CLOUD: 'karbor', OS_CLIENT_CONFIG_FILE: cloudsFile(entry) }),
  missing: async () =>
    new CloudConfigCredentials({
      OS_CLOUD: 'karbor',
      OS_CLIENT_CONFIG_FILE: cloudsFile({}).replace('clouds.yaml', 'none.yaml'),
    }),
});

const secrets = new SecretsManagerClient({});

describeServiceCredentialsConformance('Secrets Manager (AWS)', {
  holding: async (entry) => {
    const name = `karbor/service-${randomUUID()}`;
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(entry) }));
    return new SecretsManagerCredentials(name, { client: secrets, env: {} });
  },
  missing: async () =>
    new SecretsManagerCredentials(`karbor/absent-${randomUUID()}`, { client: secrets, env: {} }),
});
