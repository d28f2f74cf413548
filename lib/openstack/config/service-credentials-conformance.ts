import { describe, expect, it } from 'vitest';
import { CloudConfigError } from '../errors.js';
import type { ServiceCredentials } from './service-credentials.js';

/**
 * What every source of the service user must do alike (service-credentials.ts): the same
 * cloud entry gives the same session, and whatever is missing is named, never guessed.
 * `holding(entry)` stores a clouds.yaml cloud entry in the adapter's medium (a clouds.yaml
 * file, a Secrets Manager secret) and returns the adapter reading it; `missing()` returns one
 * whose source does not exist.
 */
interface ServiceCredentialsTarget {
  readonly holding: (entry: Record<string, unknown>) => Promise<ServiceCredentials>;
  readonly missing: () => Promise<ServiceCredentials>;
}

const keystone = 'http://keystone.example:5000/v3';

const describeServiceCredentialsConformance = (name: string, target: ServiceCredentialsTarget): void => {
  describe(`service credentials from ${name}`, () => {
    it('reads a password user with its domains, region and interface', async () => {
      const credentials = await target.holding({
        auth: {
          auth_url: keystone,
          username: 'karbor',
          password: 's3cret',
          project_name: 'service',
          user_domain_name: 'Users',
          project_domain_id: 'default',
        },
        region_name: 'RegionTwo',
        interface: 'internal',
      });
      expect(await credentials.read()).toEqual({
        authUrl: keystone,
        auth: {
          type: 'password',
          username: 'karbor',
          password: 's3cret',
          userDomain: { domainName: 'Users' },
        },
        scope: { projectName: 'service', projectDomain: { domainId: 'default' } },
        region: 'RegionTwo',
        interface: 'internal',
      });
    });

    it('reads an application credential', async () => {
      const credentials = await target.holding({
        auth_type: 'v3applicationcredential',
        auth: {
          auth_url: keystone,
          application_credential_id: 'ac1',
          application_credential_secret: 'shh',
          project_id: 'p1',
        },
      });
      expect(await credentials.read()).toMatchObject({
        authUrl: keystone,
        auth: { type: 'application-credential', id: 'ac1', secret: 'shh' },
        scope: { projectId: 'p1' },
      });
    });

    it('names what is missing and never shows the password', async () => {
      const noPassword = await target.holding({
        auth: { auth_url: keystone, username: 'karbor', project_name: 'service' },
      });
      await expect(noPassword.read()).rejects.toThrow(/password/);
      const noProject = await target.holding({
        auth: { auth_url: keystone, username: 'karbor', password: 'hunter2' },
      });
      const error = await noProject.read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudConfigError);
      expect((error as Error).message).toMatch(/project/);
      expect((error as Error).message).not.toContain('hunter2');
    });

    it('says which source it could not read', async () => {
      const credentials = await target.missing();
      const error = await credentials.read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudConfigError);
      expect((error as Error).message).toContain(credentials.source.split(' ').at(-1));
    });
  });
};

export type { ServiceCredentialsTarget };
export { describeServiceCredentialsConformance };
